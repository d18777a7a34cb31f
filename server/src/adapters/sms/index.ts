/**
 * Builds the gateways named by SMS_GATEWAY (one URL, or a route table by carrier) and the
 * router that picks one by the recipient's carrier.
 */
import type { Carrier, SmsConfig } from '../../platform/config-sms';
import type { GatewayRouter, SmsGateway } from '../../modules/messaging';
import type { Logger } from '../../platform/logger';
import { CmppGateway } from './cmpp/client';
import { SimGateway } from './sim/sim-gateway';
import { SmppGateway } from './smpp/client';

export { SimGateway, SIM_RULES } from './sim/sim-gateway';

export interface GatewaySet {
  router: GatewayRouter;
  gateways: SmsGateway[];
  /** The in-process simulator, when one is configured (the console's 短信模拟器). */
  sim: SimGateway | null;
}

export function createGateway(url: string, name: string, now: () => number, log?: Logger): SmsGateway {
  const scheme = new URL(url).protocol;
  if (scheme === 'sim:') {
    return new SimGateway(url, now, name);
  }
  if (scheme === 'cmpp:') {
    return new CmppGateway(url, { name, now, ...(log ? { log: log.child({ gateway: name }) } : {}) });
  }
  if (scheme === 'smpp:') {
    return new SmppGateway(url, { name, now, ...(log ? { log: log.child({ gateway: name }) } : {}) });
  }
  throw new Error(`暂不支持的短信网关：${url}`);
}

export function createGateways(config: SmsConfig, now: () => number, log?: Logger): GatewaySet {
  const byUrl = new Map<string, SmsGateway>();
  const gatewayFor = (url: string) => {
    let g = byUrl.get(url);
    if (!g) {
      const scheme = new URL(url).protocol.replace(':', '');
      const n = [...byUrl.values()].filter((x) => x.name.startsWith(scheme)).length;
      g = createGateway(url, n === 0 ? scheme : `${scheme}-${n + 1}`, now, log);
      byUrl.set(url, g);
    }
    return g;
  };
  const fallback = gatewayFor(config.gateways.default);
  const byCarrier = new Map<Carrier, SmsGateway>();
  for (const carrier of ['cmcc', 'cucc', 'ctcc', 'cbn'] as const) {
    const url = config.gateways[carrier];
    if (url !== undefined) {
      byCarrier.set(carrier, gatewayFor(url));
    }
  }
  const gateways = [...byUrl.values()];
  return {
    gateways,
    sim: gateways.find((g): g is SimGateway => g instanceof SimGateway) ?? null,
    router: {
      forCarrier: (carrier) => (carrier === null ? fallback : (byCarrier.get(carrier) ?? fallback)),
      forName: (name) => gateways.find((g) => g.name === name) ?? fallback,
      all: () => gateways,
    },
  };
}
