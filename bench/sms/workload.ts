/**
 * The messages every sender gets, the same for all: message i goes to its own number and is
 * ASCII when i is even, Chinese when odd. All fit one part on both sides (ours puts the
 * signature 【一卡通】 in front, which makes even the ASCII ones UCS-2: ≤ 70 units).
 *
 * Numbers: 138xxxxxxxx (warm-up 139xxxxxxxx, bulk 137xxxxxxxx) whose last digit is 0, 1, 2,
 * 8 or 9, because the simulators answer …4 with UNDELIV, …5 with no report, …6/…7 with
 * EXPIRED/MB:0001 (CMPP): every part here gets a DELIVRD receipt if it asks for one.
 */
import { planSms, withSignature } from '../../server/src/modules/messaging/text';

export interface Sms {
  to: string;
  text: string;
  ascii: boolean;
}

const LAST = [0, 1, 2, 8, 9];

export function msisdn(prefix: '137' | '138' | '139', i: number): string {
  const n = Math.floor(i / LAST.length) * 10 + LAST[i % LAST.length]!;
  if (n >= 1e8) {
    throw new Error('too many numbers for one prefix');
  }
  return `${prefix}${String(n).padStart(8, '0')}`;
}

export function textOf(i: number): { text: string; ascii: boolean } {
  const ascii = i % 2 === 0;
  const hhmm = `${String(7 + (i % 3)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
  return ascii
    ? { text: `Notice ${i}: your child arrived at school at ${hhmm}. Class 3-2.`, ascii }
    : { text: `家长您好：您的孩子已于${hhmm}到校，三年级二班。编号${i}`, ascii };
}

export function messages(prefix: '138' | '139', count: number): Sms[] {
  return Array.from({ length: count }, (_v, i) => ({ to: msisdn(prefix, i), ...textOf(i) }));
}

/** Checks that every text goes in one part as sent by Kannel and by us (with the signature). */
export function assertOnePart(list: Sms[], signature = '一卡通'): void {
  for (const m of list) {
    const ours = planSms(withSignature(m.text, signature), { maxParts: 5, reference: 0 }).parts.length;
    const bare = planSms(m.text, { maxParts: 5, reference: 0 }).parts.length;
    if (ours !== 1 || bare !== 1) {
      throw new Error(`"${m.text}" needs ${ours} parts (ours) / ${bare} (bare): the workload must be one part each`);
    }
  }
}
