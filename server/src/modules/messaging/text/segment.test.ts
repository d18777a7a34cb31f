import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../platform/errors';
import { decodeSmsPayload, splitUdh } from './decode';
import { countSmsParts, hasSignature, planSms, withSignature } from './segment';

const opts = { maxParts: 10, reference: 0x2a };
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const hex = (b: Buffer) => b.toString('hex').replace(/(..)(?!$)/g, '$1 ');

function errorOf(f: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) {
      return e;
    }
    throw e;
  }
  throw new Error('expected an error');
}

describe('planSms: where segments break', () => {
  it('fits 70 Chinese characters in one UCS-2 segment and splits 71 into two', () => {
    const one = planSms('您'.repeat(70), opts);
    expect(one).toMatchObject({ encoding: 'ucs2', msgFmt: 8, characters: 70, units: 70 });
    expect(one.parts).toHaveLength(1);
    expect(one.parts[0]!.udh).toBeNull();
    expect(one.parts[0]!.bytes).toHaveLength(140);

    const two = planSms('您'.repeat(71), opts);
    expect(two.parts.map((p) => p.payload.length / 2)).toEqual([67, 4]);
    expect(two.parts.map((p) => hex(p.udh!))).toEqual(['05 00 03 2a 02 01', '05 00 03 2a 02 02']);
  });

  it('fits 160 ASCII characters in one Msg_Fmt 0 segment and splits 161 as 153 + 8', () => {
    const one = planSms('a'.repeat(160), opts);
    expect(one).toMatchObject({ encoding: 'ascii', msgFmt: 0, units: 160 });
    expect(one.parts).toHaveLength(1);
    expect(one.parts[0]!.bytes.toString('latin1')).toBe('a'.repeat(160));

    const two = planSms('a'.repeat(161), opts);
    expect(two.parts.map((p) => p.payload.length)).toEqual([153, 8]);
    expect(two.parts.map((p) => p.bytes.length)).toEqual([159, 14]);
  });

  it('counts CR and LF as ASCII, and one Chinese character, tab or é makes the whole text UCS-2', () => {
    expect(planSms('JX\r\nok', opts).encoding).toBe('ascii');
    expect(planSms(`${'a'.repeat(100)}您`, opts)).toMatchObject({ encoding: 'ucs2', units: 101 });
    expect(planSms('a\tb', opts).encoding).toBe('ucs2');
    expect(planSms('café', opts).encoding).toBe('ucs2');
  });

  it('splits 134 Chinese characters into exactly 2 × 67 and 135 into 3', () => {
    const plan = planSms('校'.repeat(134), opts);
    expect(plan.parts.map((p) => [p.seq, p.total, p.payload.length, p.bytes.length])).toEqual([
      [1, 2, 134, 140],
      [2, 2, 134, 140],
    ]);
    expect(planSms('校'.repeat(135), opts).parts).toHaveLength(3);
  });

  it('reproduces the long-MT vector I: 82 characters as 67 + 15 with reference 0x2a', () => {
    // cmpp2-vectors.txt gives only the first 16 bytes of each part; the rest of the text is ours.
    const text = '各位家长：本周五下午三点召开家长会，地点在学校三楼多功能厅，请准时参加。会议将介绍本学期的教学安排和安全注意事项，届时请家长带好笔记本' + '，请回复B确认能否参加，谢谢！';
    expect(text).toHaveLength(82);
    const plan = planSms(text, { maxParts: 5, reference: 0x2a });
    expect(plan.parts.map((p) => p.bytes.length)).toEqual([140, 36]);
    expect(hex(plan.parts[0]!.bytes.subarray(0, 16))).toBe('05 00 03 2a 02 01 54 04 4f 4d 5b b6 95 7f ff 1a');
    expect(hex(plan.parts[1]!.bytes.subarray(0, 16))).toBe('05 00 03 2a 02 02 ff 0c 8b f7 56 de 59 0d 00 42');
  });

  it('encodes the attendance notice of vector E byte for byte', () => {
    const plan = planSms('您的孩子王小兵已经到校。', opts);
    expect(hex(plan.parts[0]!.bytes)).toBe('60 a8 76 84 5b 69 5b 50 73 8b 5c 0f 51 75 5d f2 7e cf 52 30 68 21 30 02');
  });
});

describe('planSms: characters outside the BMP', () => {
  it('counts an emoji as 2 units: 69 Chinese + 😀 needs two segments', () => {
    const plan = planSms(`${'您'.repeat(69)}😀`, opts);
    expect(plan).toMatchObject({ characters: 70, units: 71 });
    expect(plan.parts).toHaveLength(2);
    expect(planSms(`${'您'.repeat(68)}😀`, opts).parts).toHaveLength(1);
  });

  it('never splits the surrogate pair, wherever the emoji falls', () => {
    for (let at = 0; at <= 200; at++) {
      const text = `${'您'.repeat(at)}😀${'好'.repeat(200 - at)}`;
      const plan = planSms(text, opts);
      const texts = plan.parts.map((p) => decodeSmsPayload(p.payload, 8));
      expect(texts.join('')).toBe(text);
      for (const t of texts) {
        expect(t).not.toMatch(LONE_SURROGATE);
        expect(t.length).toBeLessThanOrEqual(67);
      }
    }
  });

  it('where the 67th unit would be a high surrogate, that part carries 66 units', () => {
    const plan = planSms(`${'您'.repeat(66)}😀${'好'.repeat(10)}`, opts);
    expect(plan.parts.map((p) => p.payload.length / 2)).toEqual([66, 12]);
  });

  it('sends a lone surrogate as U+FFFD instead of an invalid UCS-2 unit', () => {
    const plan = planSms('好\ud83d好', opts);
    expect(decodeSmsPayload(plan.parts[0]!.payload, 8)).toBe('好\ufffd好');
  });

  it('for any text: the parts decode back to it, stay within 140 bytes and hold valid UTF-16', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'Z', ' ', '\n', '您', '，', '😀', '𠀀', '【'),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 400 }), fc.integer({ min: 0, max: 255 }), (pieces, reference) => {
        const text = pieces.join('');
        fc.pre(text.trim() !== '');
        const plan = planSms(text, { maxParts: 255, reference });
        expect(countSmsParts(text)).toBe(plan.parts.length);
        const decoded: string[] = [];
        for (const part of plan.parts) {
          const split = splitUdh(part.bytes, part.udh !== null);
          expect(split.body.equals(part.payload)).toBe(true);
          expect(split.udh).toEqual(plan.parts.length > 1 ? { ref: reference, total: plan.parts.length, seq: part.seq } : null);
          expect(part.bytes.length).toBeLessThanOrEqual(plan.encoding === 'ucs2' ? 140 : 160);
          const t = decodeSmsPayload(part.payload, plan.msgFmt);
          expect(t).not.toMatch(LONE_SURROGATE);
          decoded.push(t);
        }
        expect(decoded.join('')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('planSms: limits and errors', () => {
  it('refuses a text that needs more parts than allowed, saying how many in Chinese', () => {
    const e = errorOf(() => planSms('您'.repeat(135), { maxParts: 2, reference: 1 }));
    expect(e.code).toBe('SMS_TOO_LONG');
    expect(e.message).toBe('短信内容过长：需要拆分为 3 条，最多允许 2 条');
    expect(e.details).toMatchObject({ needed: 3, allowed: 2 });
    expect(planSms('您'.repeat(134), { maxParts: 2, reference: 1 }).parts).toHaveLength(2);
  });

  it('refuses empty or blank text', () => {
    expect(errorOf(() => planSms('', opts)).code).toBe('SMS_EMPTY');
    expect(errorOf(() => planSms(' \n\u3000', opts)).code).toBe('SMS_EMPTY');
    expect(countSmsParts('')).toBe(0);
  });

  it('rejects a reference or part limit that does not fit a byte', () => {
    expect(() => planSms('x', { maxParts: 1, reference: 256 })).toThrow(RangeError);
    expect(() => planSms('x', { maxParts: 0, reference: 1 })).toThrow(RangeError);
    expect(() => planSms('x', { maxParts: 256, reference: 1 })).toThrow(RangeError);
  });
});

describe('signature', () => {
  it('puts 【signature】 in front, and it counts toward the length', () => {
    const text = '您'.repeat(65); // 65 + 【实验小学】 (6) = 71 units
    const signed = withSignature(text, '实验小学');
    expect(signed).toBe(`【实验小学】${text}`);
    expect(countSmsParts(text)).toBe(1);
    expect(countSmsParts(signed)).toBe(2);
    expect(withSignature('hi', '【实验小学】')).toBe('【实验小学】hi');
  });

  it('leaves a text that already starts or ends with a signature alone', () => {
    expect(withSignature('【一中】明天放假', '实验小学')).toBe('【一中】明天放假');
    expect(withSignature('明天放假【一中】', '实验小学')).toBe('明天放假【一中】');
    expect(withSignature('明天【放假】通知', '实验小学')).toBe('【实验小学】明天【放假】通知');
    expect(hasSignature('【】空')).toBe(false);
  });

  it('refuses a signature shorter than 2 or longer than 18 characters', () => {
    expect(errorOf(() => withSignature('x', '校')).code).toBe('SMS_SIGNATURE_INVALID');
    expect(errorOf(() => withSignature('x', '校'.repeat(19))).code).toBe('SMS_SIGNATURE_INVALID');
    expect(errorOf(() => withSignature('x', '一【中')).code).toBe('SMS_SIGNATURE_INVALID');
    expect(withSignature('x', '校'.repeat(18))).toBe(`【${'校'.repeat(18)}】x`);
  });
});
