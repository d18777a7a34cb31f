/**
 * node-smpp, loaded once, typed, and set to carry message bytes as they are.
 *
 * node-smpp decodes `short_message` and `message_payload` into `{ udh, message: string }` using
 * `data_coding` (GSM 03.38, Latin-1 or UCS-2). That is lossy: the UDH length byte is dropped,
 * bytes outside the GSM table become spaces, an odd UCS-2 byte is lost. The gateway must hand
 * the module the bytes off the wire (the text layer decodes them), so on load we replace that
 * filter with the identity for the PDUs that carry a message. Encoding is unaffected: we always
 * pass Buffers, which node-smpp writes as they are. This changes node-smpp for the whole
 * process; only this adapter uses it.
 */
import { createRequire } from 'node:module';
import type { SmppFilter, SmppModule } from './types';

export type * from './types';

const load = createRequire(import.meta.url);
export const smpp = load('smpp') as SmppModule;

const RAW: SmppFilter = {
  encode: (value) => value,
  decode: (value) => value,
};

for (const command of ['submit_sm', 'deliver_sm', 'submit_multi', 'replace_sm']) {
  const param = smpp.commands[command]?.params?.short_message;
  if (param) {
    param.filter = RAW;
  }
}
const payload = smpp.tlvs.message_payload;
if (payload) {
  payload.filter = RAW;
}

/** The command_status values we act on (SMPP 3.4 §5.1.3). */
export const SmppStatus = {
  OK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RTHROTTLED: 0x58,
  ESME_RX_T_APPN: 0x64,
} as const;

/** esm_class bits (SMPP 3.4 §5.2.12). */
export const EsmClass = {
  /** Message type: SMSC delivery receipt. */
  DELIVERY_RECEIPT: 0x04,
  /** The short message starts with a user data header. */
  UDHI: 0x40,
} as const;

/** interface_version for SMPP 3.4 (node-smpp's default is 0x50, SMPP 5.0). */
export const SMPP_VERSION_34 = 0x34;

/** The SMPP limit for short_message (one length octet, 254 usable). */
export const SHORT_MESSAGE_MAX = 254;

const NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** 'ESME_RTHROTTLED' for 0x58; 'status 0x…' for a vendor value. */
export function statusName(status: number): string {
  return NAMES.get(status) ?? `status 0x${hex(status)}`;
}

/** Upper-case hex, at least two digits: 0x58 → '58', 0x400 → '400'. */
export function hex(status: number): string {
  return status.toString(16).toUpperCase().padStart(2, '0');
}

const ZH: Partial<Record<number, string>> = {
  [SmppStatus.ESME_RINVMSGLEN]: '消息长度错误',
  [SmppStatus.ESME_RINVBNDSTS]: '未绑定或绑定状态不对',
  [SmppStatus.ESME_RALYBND]: '已经绑定',
  [SmppStatus.ESME_RSYSERR]: '短信中心系统错误',
  [SmppStatus.ESME_RBINDFAIL]: '绑定失败',
  [SmppStatus.ESME_RINVPASWD]: '密码错误',
  [SmppStatus.ESME_RINVSYSID]: 'system_id 错误',
  [SmppStatus.ESME_RMSGQFUL]: '短信中心队列已满',
  [SmppStatus.ESME_RTHROTTLED]: '超过短信中心的发送速率',
  0x0a: '源地址错误',
  0x0b: '目的号码错误',
  0x45: '短信中心拒绝提交',
  0x61: '定时发送时间错误',
  0x62: '有效期错误',
};

/** '密码错误（ESME_RINVPASWD，0x0E）' — for logs, status and rejections. */
export function describeStatus(status: number): string {
  return `${ZH[status] ?? '短信中心返回错误'}（${statusName(status)}，0x${hex(status)}）`;
}
