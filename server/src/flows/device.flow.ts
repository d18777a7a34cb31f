/**
 * A device is registered in a tenant that exists: org says so, then the devices module
 * registers it. No undo: the registration is the one write.
 */
import type { AppContext } from '../context';
import { checkTenant } from './people.flow';

type RegisterInput = Parameters<AppContext['devices']['register']>[0];

export async function registerDevice(ctx: AppContext, o: RegisterInput): ReturnType<AppContext['devices']['register']> {
  await checkTenant(ctx, o);
  return ctx.devices.register(o);
}
