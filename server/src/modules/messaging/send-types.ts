import type { SmsClass } from '../../platform/config-sms';
import type { MessageView } from './views';

export interface SendSmsOptions {
  to: string;
  text: string;
  class: SmsClass;
  /** Which service sends it (opt-outs are per service): 'jx', 'safety', 'login', … */
  service: string;
  /** The caller's idempotency key, unique per service: a repeat sends nothing new. */
  key: string;
  /** Without 【】; the platform's signature by default. */
  signature?: string;
  /** Digits after the service code, so that a reply comes back to this thread. */
  extension?: string;
  notBefore?: number;
  bulkId?: string;
  replyToMoId?: string;
}

export interface SendSmsResult {
  message: MessageView;
  replay: boolean;
}

export interface Prepared {
  to: string;
  text: string;
  encoding: string;
  parts: number;
  srcId: string;
  fingerprint: string;
}
