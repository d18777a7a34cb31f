/**
 * Devices (gate readers, POS, school phones, IVR, carrier and bank callbacks) sign every
 * request; routes whose action rule is `device` are authenticated here.
 * (Filled in by the device work; until then every device route is refused.)
 */
import type { AppContext } from '../../context';
import { ACTIONS } from '../../modules/identity';
import { PlatformErrors } from '../../platform/errors';
import type { Http } from '../types';

export function registerDeviceAuth(app: Http, _ctx: AppContext): void {
  app.addHook('preValidation', async (request) => {
    const action = request.routeOptions.config.action;
    if (action !== undefined && ACTIONS[action] === 'device') {
      throw PlatformErrors.AUTH_REQUIRED({ reason: 'device_signature' }, '设备签名无效');
    }
  });
}
