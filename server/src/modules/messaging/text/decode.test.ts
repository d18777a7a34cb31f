import { describe, expect, it } from 'vitest';
import { BINARY_TEXT_PREFIX, decodeSmsPayload, hasUdh, splitUdh } from './decode';

const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');

describe('decodeSmsPayload', () => {
  it('decodes UCS-2 big-endian (vector G: "BZR老师您好")', () => {
    expect(decodeSmsPayload(bytes('00 42 00 5a 00 52 80 01 5e 08 60 a8 59 7d'), 8)).toBe('BZR老师您好');
  });

  it('decodes GBK (Msg_Fmt 15): 老师您好', () => {
    expect(decodeSmsPayload(bytes('c0 cf ca a6 c4 fa ba c3'), 15)).toBe('老师您好');
    expect(decodeSmsPayload(bytes('4a 58'), 15)).toBe('JX');
  });

  it('decodes odd-length UCS-2 up to the last whole unit without throwing, and leaves the input intact', () => {
    const input = bytes('80 01 5e 08 60');
    expect(decodeSmsPayload(input, 8)).toBe('老师');
    expect(decodeSmsPayload(bytes('60'), 8)).toBe('');
    expect(input.equals(bytes('80 01 5e 08 60'))).toBe(true);
  });

  it('reads ASCII, marks binary as hex, and reads unknown formats as latin1', () => {
    expect(decodeSmsPayload(bytes('4a 58'), 0)).toBe('JX');
    expect(decodeSmsPayload(bytes('00 ff 7f'), 4)).toBe(`${BINARY_TEXT_PREFIX}00ff7f`);
    expect(decodeSmsPayload(bytes('e9'), 3)).toBe('é');
    expect(decodeSmsPayload(Buffer.alloc(0), 8)).toBe('');
  });
});

describe('splitUdh', () => {
  it('reads the 8-bit-reference header 05 00 03', () => {
    expect(splitUdh(bytes('05 00 03 2a 02 01 00 41'), true)).toEqual({ udh: { ref: 0x2a, total: 2, seq: 1 }, body: bytes('00 41') });
  });

  it('reads the 16-bit-reference header 06 08 04', () => {
    expect(splitUdh(bytes('06 08 04 12 34 03 02 00 41'), true)).toEqual({ udh: { ref: 0x1234, total: 3, seq: 2 }, body: bytes('00 41') });
  });

  it('finds the concatenation element among other elements, and strips a header without one', () => {
    // Port addressing (IEI 0x05, 4 bytes) then the concatenation element.
    expect(splitUdh(bytes('0b 05 04 0b 84 23 f0 00 03 07 02 02 41'), true)).toEqual({ udh: { ref: 7, total: 2, seq: 2 }, body: bytes('41') });
    expect(splitUdh(bytes('06 05 04 0b 84 23 f0 41'), true)).toEqual({ udh: null, body: bytes('41') });
  });

  it('ignores the content when udhi is not set', () => {
    const content = bytes('05 00 03 2a 02 01 00 41');
    expect(splitUdh(content, false)).toEqual({ udh: null, body: content });
  });

  it.each([
    ['empty', ''],
    ['UDHL 0', '00 41 42'],
    ['UDHL past the end', '05 00 03 2a'],
    ['element longer than the header', '03 00 03 2a 41 42'],
    ['element length byte missing', '01 00 41'],
  ])('treats a malformed header (%s) as no header', (_name, h) => {
    const content = bytes(h);
    expect(splitUdh(content, true)).toEqual({ udh: null, body: content });
  });

  it.each([
    ['seq 0', '05 00 03 2a 02 00 41'],
    ['seq past total', '05 00 03 2a 02 03 41'],
    ['total 0', '05 00 03 2a 00 00 41'],
    ['wrong element length', '06 00 04 2a 02 01 00 41'],
  ])('gives no concatenation info for a nonsensical element (%s)', (_name, h) => {
    expect(splitUdh(bytes(h), true).udh).toBeNull();
  });

  it('takes TP_udhi 0x01 and 0x40 as "has UDH"', () => {
    expect([0x00, 0x01, 0x40, 0x41, 0x02].map(hasUdh)).toEqual([false, true, true, true, false]);
  });
});
