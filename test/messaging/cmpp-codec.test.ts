/**
 * CMPP codec: the reference vectors (reference/cmpp2.md §2.15, cmpp2-vectors.txt) byte for
 * byte in both directions, round-trip properties for every PDU type in 2.0 and 3.0, and
 * malformed input (every failure is a CmppCodecError with a stable code).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authenticatorIsmg,
  authenticatorSource,
  buildConnect,
  CmppCodecError,
  CmppFrameReader,
  cmppVersionOf,
  commandName,
  cmppTimestampText,
  cmppTimestampValue,
  CommandId,
  cmppLocalTime,
  createMsgIdGenerator,
  decodePdu,
  decodeStatusReport,
  encodePdu,
  encodeStatusReport,
  formatCmppTimestamp,
  msgIdFromBuffer,
  msgIdFromHex,
  msgIdToBuffer,
  msgIdToHex,
  offsetMsgId,
  packMsgId,
  readHeader,
  unpackMsgId,
  verifyAuthenticatorSource,
  type CmppCodecErrorCode,
  type CmppDeliverReport,
  type CmppPdu,
  type CmppStatusReport,
  type CmppSubmit,
  type CmppVersion,
} from '../../server/src/adapters/sms/cmpp';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Buffer): string => b.toString('hex').replace(/(..)(?!$)/g, '$1 ');
const ucs2 = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

function codecError(fn: () => unknown): CmppCodecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CmppCodecError) {
      return e;
    }
    throw new Error(`expected a CmppCodecError, got ${String(e)}`);
  }
  throw new Error('expected a CmppCodecError, nothing was thrown');
}

function expectCode(fn: () => unknown, code: CmppCodecErrorCode): CmppCodecError {
  const error = codecError(fn);
  expect(error.code).toBe(code);
  return error;
}

/** Runs `fn` and accepts only success or a CmppCodecError: nothing else may escape. */
function onlyCodecErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CmppCodecError)) {
      throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Vectors

const SP_ID = '900001';
const SECRET = '888888';
/** §2.15 A: timestamp 1021080510 = 10-21 08:05:10 Beijing time. */
const CONNECT_AT = Date.UTC(2026, 9, 21, 0, 5, 10);
const AUTH_SRC = hex('90 d0 0c 1d 51 7a bd 0b 4f 65 f6 bc f8 53 5d 16');

/** §2.15 D (gocmpp submit_test.go). */
const submitD: CmppSubmit = {
  commandId: CommandId.SUBMIT,
  sequenceId: 0x17,
  msgId: 0n,
  pkTotal: 1,
  pkNumber: 1,
  registeredDelivery: 1,
  msgLevel: 1,
  serviceId: 'test',
  feeUserType: 2,
  feeTerminalId: '13500002696',
  tpPid: 0,
  tpUdhi: 0,
  msgFmt: 8,
  msgSrc: SP_ID,
  feeType: '02',
  feeCode: '10',
  valIdTime: '151105131555101+',
  atTime: '',
  srcId: SP_ID,
  destTerminalIds: ['13500002696'],
  msgContent: ucs2('测试gocmpp submit'),
};

const attendance: CmppSubmit = {
  commandId: CommandId.SUBMIT,
  sequenceId: 1,
  msgId: 0n,
  pkTotal: 1,
  pkNumber: 1,
  registeredDelivery: 1,
  msgLevel: 0,
  serviceId: 'XXT',
  feeUserType: 2,
  feeTerminalId: '',
  tpPid: 0,
  tpUdhi: 0,
  msgFmt: 8,
  msgSrc: '901234',
  feeType: '01',
  feeCode: '0',
  valIdTime: '',
  atTime: '',
  srcId: '10657099',
  destTerminalIds: ['13800138000'],
  msgContent: ucs2('您的孩子王小兵已经到校。'),
};

const receipt: CmppStatusReport = {
  msgId: 0xb4c5530000010000n,
  stat: 'DELIVRD',
  submitTime: '1511120955',
  doneTime: '1511120957',
  destTerminalId: '13412340000',
  smscSequence: 0x12345678,
};

const RECEIPT_HEX =
  'b4 c5 53 00 00 01 00 00 44 45 4c 49 56 52 44 31 35 31 31 31 32 30 39 35 35 31 35 31 31 31 32 30 ' +
  '39 35 37 31 33 34 31 32 33 34 30 30 30 30 00 00 00 00 00 00 00 00 00 00 12 34 56 78';

const reportDeliver: CmppDeliverReport = {
  commandId: CommandId.DELIVER,
  sequenceId: 0x102,
  msgId: 0xb627900000010009n,
  destId: '10657099',
  serviceId: '',
  tpPid: 0,
  tpUdhi: 0,
  msgFmt: 0,
  srcTerminalId: '13412340000',
  registeredDelivery: 1,
  report: receipt,
};

interface Vector {
  name: string;
  version: CmppVersion;
  hex: string;
  pdu: CmppPdu;
}

const VECTORS: Vector[] = [
  {
    name: 'A. CONNECT (Version 0x21)',
    version: 0x20,
    hex: '00 00 00 27 00 00 00 01 00 00 00 17 39 30 30 30 30 31 90 d0 0c 1d 51 7a bd 0b 4f 65 f6 bc f8 53 5d 16 21 3c dc 73 be',
    pdu: { commandId: CommandId.CONNECT, sequenceId: 0x17, sourceAddr: SP_ID, authenticatorSource: AUTH_SRC, version: 0x21, timestamp: 1021080510 },
  },
  {
    name: 'A. CONNECT (Version 0x20)',
    version: 0x20,
    hex: '00 00 00 27 00 00 00 01 00 00 00 17 39 30 30 30 30 31 90 d0 0c 1d 51 7a bd 0b 4f 65 f6 bc f8 53 5d 16 20 3c dc 73 be',
    pdu: { commandId: CommandId.CONNECT, sequenceId: 0x17, sourceAddr: SP_ID, authenticatorSource: AUTH_SRC, version: 0x20, timestamp: 1021080510 },
  },
  {
    name: 'B. CONNECT_RESP 2.x',
    version: 0x20,
    hex: '00 00 00 1e 80 00 00 01 00 00 00 17 00 6c 0b 84 6e 25 ba b6 da a4 ed 1c 46 6e 0f 4b d8 21',
    pdu: {
      commandId: CommandId.CONNECT_RESP,
      sequenceId: 0x17,
      status: 0,
      authenticatorIsmg: hex('6c 0b 84 6e 25 ba b6 da a4 ed 1c 46 6e 0f 4b d8'),
      version: 0x21,
    },
  },
  {
    name: 'B. CONNECT_RESP 3.0',
    version: 0x30,
    hex: '00 00 00 21 80 00 00 01 00 00 00 17 00 00 00 00 79 42 97 72 74 09 8c f2 10 ab 0c 16 c3 67 bc 8d 30',
    pdu: {
      commandId: CommandId.CONNECT_RESP,
      sequenceId: 0x17,
      status: 0,
      authenticatorIsmg: hex('79 42 97 72 74 09 8c f2 10 ab 0c 16 c3 67 bc 8d'),
      version: 0x30,
    },
  },
  {
    name: 'C. ACTIVE_TEST',
    version: 0x20,
    hex: '00 00 00 0c 00 00 00 08 00 00 00 17',
    pdu: { commandId: CommandId.ACTIVE_TEST, sequenceId: 0x17 },
  },
  {
    name: 'C. ACTIVE_TEST_RESP',
    version: 0x20,
    hex: '00 00 00 0d 80 00 00 08 00 00 00 17 00',
    pdu: { commandId: CommandId.ACTIVE_TEST_RESP, sequenceId: 0x17, reserved: 0 },
  },
  {
    name: 'C. TERMINATE',
    version: 0x20,
    hex: '00 00 00 0c 00 00 00 02 00 00 00 17',
    pdu: { commandId: CommandId.TERMINATE, sequenceId: 0x17 },
  },
  {
    name: 'D. SUBMIT 2.0 (gocmpp)',
    version: 0x20,
    hex:
      '00 00 00 bd 00 00 00 04 00 00 00 17 00 00 00 00 00 00 00 00 01 01 01 01 74 65 73 74 00 00 00 00 ' +
      '00 00 02 31 33 35 30 30 30 30 32 36 39 36 00 00 00 00 00 00 00 00 00 00 00 00 08 39 30 30 30 30 ' +
      '31 30 32 31 30 00 00 00 00 31 35 31 31 30 35 31 33 31 35 35 35 31 30 31 2b 00 00 00 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 39 30 30 30 30 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ' +
      '01 31 33 35 30 30 30 30 32 36 39 36 00 00 00 00 00 00 00 00 00 00 1e 6d 4b 8b d5 00 67 00 6f 00 ' +
      '63 00 6d 00 70 00 70 00 20 00 73 00 75 00 62 00 6d 00 69 00 74 00 00 00 00 00 00 00 00',
    pdu: submitD,
  },
  {
    name: 'E. SUBMIT 2.0 attendance notice',
    version: 0x20,
    hex:
      '00 00 00 b7 00 00 00 04 00 00 00 01 00 00 00 00 00 00 00 00 01 01 01 00 58 58 54 00 00 00 00 00 ' +
      '00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 08 39 30 31 32 33 ' +
      '34 30 31 30 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 31 30 36 35 37 30 39 39 00 00 00 00 00 00 00 00 00 00 00 00 00 ' +
      '01 31 33 38 30 30 31 33 38 30 30 30 00 00 00 00 00 00 00 00 00 00 18 60 a8 76 84 5b 69 5b 50 73 ' +
      '8b 5c 0f 51 75 5d f2 7e cf 52 30 68 21 30 02 00 00 00 00 00 00 00 00',
    pdu: attendance,
  },
  {
    name: 'F. SUBMIT_RESP 2.0',
    version: 0x20,
    hex: '00 00 00 15 80 00 00 04 00 00 00 01 b4 c5 53 00 00 01 00 00 00',
    pdu: { commandId: CommandId.SUBMIT_RESP, sequenceId: 1, msgId: 0xb4c5530000010000n, result: 0 },
  },
  {
    name: 'G. DELIVER 2.0 MO "JX" (Msg_Fmt 15)',
    version: 0x20,
    hex:
      '00 00 00 57 00 00 00 05 00 00 01 00 90 9d f0 01 34 fd 00 02 31 30 36 35 37 30 39 39 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 58 58 54 00 00 00 00 00 00 00 00 00 0f 31 33 38 30 30 31 33 38 30 30 ' +
      '30 00 00 00 00 00 00 00 00 00 00 00 02 4a 58 00 00 00 00 00 00 00 00',
    pdu: {
      commandId: CommandId.DELIVER,
      sequenceId: 0x100,
      msgId: 0x909df00134fd0002n,
      destId: '10657099',
      serviceId: 'XXT',
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 15,
      srcTerminalId: '13800138000',
      registeredDelivery: 0,
      msgContent: Buffer.from('JX', 'latin1'),
    },
  },
  {
    name: 'G. DELIVER 2.0 MO UCS2 "BZR老师您好"',
    version: 0x20,
    hex:
      '00 00 00 63 00 00 00 05 00 00 01 01 90 9e 00 01 34 fd 00 03 31 30 36 35 37 30 39 39 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 08 31 33 38 30 30 31 33 38 30 30 ' +
      '30 00 00 00 00 00 00 00 00 00 00 00 0e 00 42 00 5a 00 52 80 01 5e 08 60 a8 59 7d 00 00 00 00 00 ' +
      '00 00 00',
    pdu: {
      commandId: CommandId.DELIVER,
      sequenceId: 0x101,
      msgId: 0x909e000134fd0003n,
      destId: '10657099',
      serviceId: '',
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 8,
      srcTerminalId: '13800138000',
      registeredDelivery: 0,
      msgContent: ucs2('BZR老师您好'),
    },
  },
  {
    name: 'H. DELIVER 2.0 status report',
    version: 0x20,
    hex:
      '00 00 00 91 00 00 00 05 00 00 01 02 b6 27 90 00 00 01 00 09 31 30 36 35 37 30 39 39 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 31 33 34 31 32 33 34 30 30 30 ' +
      '30 00 00 00 00 00 00 00 00 00 00 01 3c ' +
      RECEIPT_HEX +
      ' 00 00 00 00 00 00 00 00',
    pdu: reportDeliver,
  },
  {
    name: 'H. DELIVER_RESP 2.0',
    version: 0x20,
    hex: '00 00 00 15 80 00 00 05 00 00 01 02 b6 27 90 00 00 01 00 09 00',
    pdu: { commandId: CommandId.DELIVER_RESP, sequenceId: 0x102, msgId: 0xb627900000010009n, result: 0 },
  },
  {
    // gocmpp submit_test.go: vector D's values in the 3.0 layout.
    name: 'SUBMIT 3.0 (gocmpp)',
    version: 0x30,
    hex:
      '00 00 00 e1 00 00 00 04 00 00 00 17 00 00 00 00 00 00 00 00 01 01 01 01 74 65 73 74 00 00 00 00 ' +
      '00 00 02 31 33 35 30 30 30 30 32 36 39 36 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ' +
      '00 00 00 00 00 00 08 39 30 30 30 30 31 30 32 31 30 00 00 00 00 31 35 31 31 30 35 31 33 31 35 35 ' +
      '35 31 30 31 2b 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 39 30 30 30 30 31 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 00 01 31 33 35 30 30 30 30 32 36 39 36 00 00 00 00 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 00 00 00 1e 6d 4b 8b d5 00 67 00 6f 00 63 00 6d 00 70 00 70 00 ' +
      '20 00 73 00 75 00 62 00 6d 00 69 00 74 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ' +
      '00',
    pdu: { ...submitD, feeTerminalType: 0, destTerminalType: 0, linkId: '' },
  },
  {
    name: 'SUBMIT_RESP 3.0 (gocmpp)',
    version: 0x30,
    hex: '00 00 00 18 80 00 00 04 00 00 00 17 b2 b9 da 80 00 01 00 00 00 00 00 00',
    pdu: { commandId: CommandId.SUBMIT_RESP, sequenceId: 0x17, msgId: 0xb2b9da8000010000n, result: 0 },
  },
  {
    // gocmpp deliver_test.go, named in §2.15 for the 3.0 path.
    name: 'DELIVER 3.0 MO (gocmpp)',
    version: 0x30,
    hex:
      '00 00 00 7f 00 00 00 05 00 00 00 01 b4 c5 53 00 00 01 00 00 39 30 30 30 30 31 00 00 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 31 33 34 31 32 33 34 30 30 30 ' +
      '30 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 12 54 68 69 73 20 69 73 ' +
      '20 61 20 74 65 73 74 20 4d 4f 2e 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
    pdu: {
      commandId: CommandId.DELIVER,
      sequenceId: 1,
      msgId: 0xb4c5530000010000n,
      destId: '900001',
      serviceId: '',
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 0,
      srcTerminalId: '13412340000',
      srcTerminalType: 0,
      registeredDelivery: 0,
      msgContent: Buffer.from('This is a test MO.', 'latin1'),
      linkId: '',
    },
  },
  {
    name: 'DELIVER_RESP 3.0 (gocmpp)',
    version: 0x30,
    hex: '00 00 00 18 80 00 00 05 00 00 00 01 b4 c5 53 00 00 01 00 00 00 00 00 00',
    pdu: { commandId: CommandId.DELIVER_RESP, sequenceId: 1, msgId: 0xb4c5530000010000n, result: 0 },
  },
];

function vectorNamed(name: string): Vector {
  const found = VECTORS.find((v) => v.name === name);
  if (found === undefined) {
    throw new Error(`no vector named ${name}`);
  }
  return found;
}

const frameOf = (name: string): Buffer => hex(vectorNamed(name).hex);

describe('CMPP reference vectors', () => {
  for (const vector of VECTORS) {
    it(`${vector.name}: encodes to the exact bytes, decodes back, re-encodes the same`, () => {
      const bytes = hex(vector.hex);
      expect(toHex(encodePdu(vector.pdu, vector.version))).toBe(toHex(bytes));
      const decoded = decodePdu(bytes, vector.version);
      expect(decoded).toStrictEqual(vector.pdu);
      expect(toHex(encodePdu(decoded, vector.version))).toBe(toHex(bytes));
    });
  }

  it('maps a Version byte to its layout by the major nibble (§2.5)', () => {
    expect([0x20, 0x21, 0x30].map(cmppVersionOf)).toStrictEqual([0x20, 0x20, 0x30]);
    expectCode(() => cmppVersionOf(0x12), 'CMPP_BAD_FIELD');
    expect(commandName(CommandId.DELIVER_RESP)).toBe('DELIVER_RESP');
    expect(commandName(9)).toBe('0x00000009');
  });

  it('ACTIVE_TEST_RESP without its Reserved byte (12 bytes) is accepted (§2.6)', () => {
    expect(decodePdu(hex('00 00 00 0c 80 00 00 08 00 00 00 17'), 0x20)).toStrictEqual({
      commandId: CommandId.ACTIVE_TEST_RESP,
      sequenceId: 0x17,
      reserved: 0,
    });
  });

  it('CONNECT_RESP is read by its length, whatever version the caller expected (§2.5)', () => {
    const v3 = vectorNamed('B. CONNECT_RESP 3.0');
    const v2 = vectorNamed('B. CONNECT_RESP 2.x');
    expect(decodePdu(hex(v3.hex), 0x20)).toStrictEqual(v3.pdu);
    expect(decodePdu(hex(v2.hex), 0x30)).toStrictEqual(v2.pdu);
  });

  it('reads Octet Strings up to the first 0x00 and without padding spaces (§2.2)', () => {
    const frame = frameOf('G. DELIVER 2.0 MO "JX" (Msg_Fmt 15)');
    frame.write('10657099             ', 12 + 8, 'latin1'); // Dest_Id padded with spaces to 21
    frame.write('13800138000\0junk', 12 + 42, 'latin1'); // bytes after the terminator are ignored
    expect(decodePdu(frame, 0x20)).toMatchObject({ destId: '10657099', srcTerminalId: '13800138000' });
  });

  it('H. the 60-byte status report content on its own', () => {
    expect(toHex(encodeStatusReport(receipt, 0x20))).toBe(toHex(hex(RECEIPT_HEX)));
    expect(decodeStatusReport(hex(RECEIPT_HEX))).toStrictEqual(receipt);
  });

  it('a 3.0 status report is 71 bytes (32-byte Dest_terminal_Id); a 60-byte one still decodes in 3.0', () => {
    const long = { ...receipt, destTerminalId: '8613412340000123456789012345' };
    const content = encodeStatusReport(long, 0x30);
    expect(content).toHaveLength(71);
    expect(decodeStatusReport(content)).toStrictEqual(long);

    const deliver3 = { ...reportDeliver, srcTerminalType: 0, linkId: '' };
    const frame = encodePdu(deliver3, 0x30);
    expect(frame).toHaveLength(12 + 77 + 71 + 20);
    expect(decodePdu(frame, 0x30)).toStrictEqual(deliver3);
    // The same report in 60 bytes inside a 3.0 DELIVER (what gocmpp-based gateways send).
    const v2Frame = frameOf('H. DELIVER 2.0 status report');
    const as3 = Buffer.concat([
      v2Frame.subarray(0, 12 + 42),
      Buffer.alloc(32, 0),
      Buffer.from([0, 1, 60]),
      hex(RECEIPT_HEX),
      Buffer.alloc(20),
    ]);
    as3.write('13412340000', 12 + 42, 'latin1');
    as3.writeUInt32BE(as3.length, 0);
    expect(decodePdu(as3, 0x30)).toStrictEqual(deliver3);
  });

  describe('I. long MT, 82 Chinese characters in 2 SUBMITs', () => {
    const part1Text = '各位家长：本周五下午三点在学校报告厅召开期中家长会，请您准时参加。会议将介绍本学期教学安排、校园安全注意事项与期末复习计划。如不能到场';
    const part2Text = '，请回复BZR确认收到，谢谢。';
    const part = (sequenceId: number, pkNumber: number, text: string): CmppSubmit => ({
      ...attendance,
      sequenceId,
      pkTotal: 2,
      pkNumber,
      tpUdhi: 1,
      msgContent: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, pkNumber]), ucs2(text)]),
    });

    it('has 67 + 15 = 82 characters', () => {
      expect(part1Text).toHaveLength(67);
      expect(part2Text).toHaveLength(15);
    });

    it('part 1: Msg_Length 140, Total_Length 299, header and UDH as in the reference', () => {
      const pdu = part(0x0a, 1, part1Text);
      const frame = encodePdu(pdu, 0x20);
      expect(frame).toHaveLength(299);
      expect(toHex(frame.subarray(0, 24))).toBe(
        toHex(hex('00 00 01 2b 00 00 00 04 00 00 00 0a 00 00 00 00 00 00 00 00 02 01 01 00')),
      );
      expect(frame[12 + 45]).toBe(1); // TP_udhi
      expect(frame[12 + 117 + 21]).toBe(140); // Msg_Length
      expect(toHex(frame.subarray(12 + 118 + 21, 12 + 118 + 21 + 16))).toBe(
        toHex(hex('05 00 03 2a 02 01 54 04 4f 4d 5b b6 95 7f ff 1a')),
      );
      expect(decodePdu(frame, 0x20)).toStrictEqual(pdu);
    });

    it('part 2: Msg_Length 36, Total_Length 195', () => {
      const pdu = part(0x0b, 2, part2Text);
      const frame = encodePdu(pdu, 0x20);
      expect(frame).toHaveLength(195);
      expect(toHex(frame.subarray(0, 24))).toBe(
        toHex(hex('00 00 00 c3 00 00 00 04 00 00 00 0b 00 00 00 00 00 00 00 00 02 02 01 00')),
      );
      expect(frame[12 + 117 + 21]).toBe(36);
      expect(toHex(frame.subarray(12 + 118 + 21, 12 + 118 + 21 + 16))).toBe(
        toHex(hex('05 00 03 2a 02 02 ff 0c 8b f7 56 de 59 0d 00 42')),
      );
      expect(decodePdu(frame, 0x20)).toStrictEqual(pdu);
    });
  });
});

describe('CMPP login authenticators (§2.5)', () => {
  it('reproduces vector A AuthenticatorSource from SP_Id 900001, secret 888888, timestamp 1021080510', () => {
    expect(authenticatorSource({ sourceAddr: SP_ID, sharedSecret: SECRET, timestamp: '1021080510' })).toEqual(AUTH_SRC);
    expect(authenticatorSource({ sourceAddr: SP_ID, sharedSecret: SECRET, timestamp: 1021080510 })).toEqual(AUTH_SRC);
    expect(authenticatorSource({ sourceAddr: SP_ID, sharedSecret: 'wrong', timestamp: 1021080510 })).not.toEqual(AUTH_SRC);
  });

  it('verifies an authenticator on the ISMG side', () => {
    const base = { sourceAddr: SP_ID, timestamp: 1021080510, authenticatorSource: AUTH_SRC };
    expect(verifyAuthenticatorSource({ ...base, sharedSecret: SECRET })).toBe(true);
    expect(verifyAuthenticatorSource({ ...base, sharedSecret: '888889' })).toBe(false);
    expect(verifyAuthenticatorSource({ ...base, sharedSecret: SECRET, authenticatorSource: AUTH_SRC.subarray(0, 15) })).toBe(false);
  });

  it('reproduces vector B AuthenticatorISMG: 1-byte Status for 2.x, 4-byte for 3.0', () => {
    const opts = { status: 0, authenticatorSource: AUTH_SRC, sharedSecret: SECRET };
    expect(authenticatorIsmg({ ...opts, version: 0x20 }).toString('hex')).toBe('6c0b846e25bab6daa4ed1c466e0f4bd8');
    expect(authenticatorIsmg({ ...opts, version: 0x30 }).toString('hex')).toBe('7942977274098cf210ab0c16c367bc8d');
  });

  it('formats the timestamp in Beijing time, whatever the process time zone', () => {
    expect(formatCmppTimestamp(CONNECT_AT)).toBe('1021080510');
    expect(formatCmppTimestamp(new Date(CONNECT_AT))).toBe('1021080510');
    // 16:00 UTC on 31 December is already 1 January in Beijing.
    expect(formatCmppTimestamp(Date.UTC(2025, 11, 31, 16, 0, 0))).toBe('0101000000');
    expect(formatCmppTimestamp(Date.UTC(2026, 0, 5, 4, 34, 56))).toBe('0105123456');
    expect(() => formatCmppTimestamp(Number.NaN)).toThrow(CmppCodecError);
  });

  it('keeps the January leading zero between the integer field and the hashed text', () => {
    expect(cmppTimestampValue('0105123456')).toBe(105123456);
    expect(cmppTimestampText(105123456)).toBe('0105123456');
    expect(
      authenticatorSource({ sourceAddr: SP_ID, sharedSecret: SECRET, timestamp: 105123456 }),
    ).toEqual(authenticatorSource({ sourceAddr: SP_ID, sharedSecret: SECRET, timestamp: '0105123456' }));
    expectCode(() => cmppTimestampText('1021'), 'CMPP_BAD_FIELD');
  });

  it('builds vector A from its inputs: SP_Id, secret and the login instant', () => {
    const connect = buildConnect({ sequenceId: 0x17, sourceAddr: SP_ID, sharedSecret: SECRET, at: CONNECT_AT, version: 0x21 });
    expect(toHex(encodePdu(connect, 0x20))).toBe(toHex(frameOf('A. CONNECT (Version 0x21)')));
  });

  it('rejects a Source_Addr that does not fit its 6 bytes', () => {
    expectCode(() => authenticatorSource({ sourceAddr: '9000011', sharedSecret: SECRET, timestamp: 1021080510 }), 'CMPP_BAD_FIELD');
  });
});

describe('Msg_Id (§2.8)', () => {
  const examples: [bigint, Parameters<typeof packMsgId>[0]][] = [
    [0xb4c5530000010000n, { month: 11, day: 9, hour: 17, minute: 21, second: 12, gateway: 1, seq: 0 }],
    [0xb2b9da8000010000n, { month: 11, day: 5, hour: 14, minute: 29, second: 42, gateway: 1, seq: 0 }],
    [0x909de14134fd0001n, { month: 9, day: 1, hour: 7, minute: 30, second: 5, gateway: 79101, seq: 1 }],
  ];

  for (const [id, parts] of examples) {
    it(`0x${id.toString(16)} ⇄ ${JSON.stringify(parts)}`, () => {
      expect(unpackMsgId(id)).toStrictEqual(parts);
      expect(unpackMsgId(msgIdToBuffer(id))).toStrictEqual(parts);
      expect(packMsgId(parts)).toBe(id);
    });
  }

  it('converts between bigint, 8 bytes and 16 hex digits without loss', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (id) => {
        expect(msgIdFromBuffer(msgIdToBuffer(id))).toBe(id);
        expect(msgIdFromHex(msgIdToHex(id))).toBe(id);
        expect(msgIdToHex(id)).toHaveLength(16);
        expect(packMsgId(unpackMsgId(id))).toBe(id);
      }),
    );
    expectCode(() => msgIdToBuffer(2n ** 64n), 'CMPP_BAD_FIELD');
    expectCode(() => msgIdFromBuffer(Buffer.alloc(7)), 'CMPP_BAD_FIELD');
    expectCode(() => packMsgId({ month: 11, day: 9, hour: 17, minute: 21, second: 12, gateway: 1, seq: 0x10000 }), 'CMPP_BAD_FIELD');
  });

  it('the simulator generator stamps Beijing time and the gateway, and wraps seq at 16 bits', () => {
    const at = Date.UTC(2026, 7, 31, 23, 30, 5); // 09-01 07:30:05 in Beijing
    const next = createMsgIdGenerator({ gateway: 79101, firstSeq: 1 });
    expect(next(at)).toBe(0x909de14134fd0001n);
    expect(next(at, 3)).toBe(0x909de14134fd0002n); // a 3-recipient SUBMIT takes seq 2, 3, 4
    expect(unpackMsgId(next(at)).seq).toBe(5);

    const wrapping = createMsgIdGenerator({ gateway: 1, firstSeq: 0xffff });
    expect(unpackMsgId(wrapping(at)).seq).toBe(0xffff);
    expect(unpackMsgId(wrapping(at))).toStrictEqual({ ...unpackMsgId(0x909de14134fd0001n), gateway: 1, seq: 0 });
    expectCode(() => createMsgIdGenerator({ gateway: 2 ** 22 }), 'CMPP_BAD_FIELD');
  });

  it('reads Beijing time across seconds, minutes and days, the same within a second, each answer its own', () => {
    const at = Date.UTC(2026, 10, 23, 15, 59, 59, 0); // 11-23 23:59:59 in Beijing
    expect(cmppLocalTime(at)).toEqual({ month: 11, day: 23, hour: 23, minute: 59, second: 59 });
    const first = cmppLocalTime(at + 999);
    expect(first).toEqual({ month: 11, day: 23, hour: 23, minute: 59, second: 59 });
    first.second = 0;
    expect(cmppLocalTime(at + 500).second).toBe(59);
    expect(cmppLocalTime(at + 1000)).toEqual({ month: 11, day: 24, hour: 0, minute: 0, second: 0 });
    // Back in time, and a month's end.
    expect(cmppLocalTime(at - 60_000)).toEqual({ month: 11, day: 23, hour: 23, minute: 58, second: 59 });
    expect(cmppLocalTime(Date.UTC(2026, 10, 30, 16, 0, 0))).toEqual({ month: 12, day: 1, hour: 0, minute: 0, second: 0 });
    expect(cmppLocalTime(new Date(at))).toEqual({ month: 11, day: 23, hour: 23, minute: 59, second: 59 });
    expectCode(() => cmppLocalTime(Number.NaN), 'CMPP_BAD_FIELD');
  });

  it('offsets a group SUBMIT id per recipient, wrapping inside the sequence field (§2.7)', () => {
    expect(offsetMsgId(0x909de14134fd0001n, 2)).toBe(0x909de14134fd0003n);
    expect(offsetMsgId(0x909de14134fdffffn, 1)).toBe(0x909de14134fd0000n);
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip

const u8 = fc.integer({ min: 0, max: 0xff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const status = (version: CmppVersion) => (version === 0x30 ? u32 : u8);

/** An Octet String that survives decoding: any byte but 0x00, no leading or trailing spaces. */
const octets = (maxLength: number) =>
  fc
    .string({ unit: fc.integer({ min: 1, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength })
    .map((s) => s.replace(/^ +| +$/g, ''));

const bytes = (minLength: number, maxLength: number) =>
  fc.uint8Array({ minLength, maxLength }).map((a) => Buffer.from(a));

const head = <C extends number>(commandId: C) => ({ commandId: fc.constant(commandId), sequenceId: u32 });

/** Plain objects (fast-check's default null prototype would fail toStrictEqual). */
const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true });

function pduArbitrary(version: CmppVersion): fc.Arbitrary<CmppPdu> {
  const v3 = version === 0x30;
  const idWidth = v3 ? 32 : 21;
  const report = record({
    msgId: u64,
    stat: octets(7),
    submitTime: octets(10),
    doneTime: octets(10),
    destTerminalId: octets(idWidth),
    smscSequence: u32,
  });
  const deliverCommon = {
    ...head(CommandId.DELIVER),
    msgId: u64,
    destId: octets(21),
    serviceId: octets(10),
    tpPid: u8,
    tpUdhi: u8,
    msgFmt: u8,
    srcTerminalId: octets(idWidth),
    ...(v3 ? { srcTerminalType: u8, linkId: octets(20) } : {}),
  };
  const arbitraries: fc.Arbitrary<CmppPdu>[] = [
    record({
      ...head(CommandId.CONNECT),
      sourceAddr: octets(6),
      authenticatorSource: bytes(16, 16),
      version: u8,
      timestamp: u32,
    }),
    record({ ...head(CommandId.CONNECT_RESP), status: status(version), authenticatorIsmg: bytes(16, 16), version: u8 }),
    record(head(CommandId.TERMINATE)),
    record(head(CommandId.TERMINATE_RESP)),
    record(head(CommandId.ACTIVE_TEST)),
    record({ ...head(CommandId.ACTIVE_TEST_RESP), reserved: u8 }),
    record({
      ...head(CommandId.SUBMIT),
      msgId: u64,
      pkTotal: u8,
      pkNumber: u8,
      registeredDelivery: u8,
      msgLevel: u8,
      serviceId: octets(10),
      feeUserType: u8,
      feeTerminalId: octets(idWidth),
      tpPid: u8,
      tpUdhi: u8,
      msgFmt: u8,
      msgSrc: octets(6),
      feeType: octets(2),
      feeCode: octets(6),
      valIdTime: octets(17),
      atTime: octets(17),
      srcId: octets(21),
      destTerminalIds: fc.array(octets(idWidth), { maxLength: 12 }),
      msgContent: bytes(0, 255),
      ...(v3 ? { feeTerminalType: u8, destTerminalType: u8, linkId: octets(20) } : {}),
    }),
    record({ ...head(CommandId.SUBMIT_RESP), msgId: u64, result: status(version) }),
    record({ ...deliverCommon, registeredDelivery: fc.constant(0 as const), msgContent: bytes(0, 255) }),
    record({ ...deliverCommon, registeredDelivery: fc.constant(1 as const), report }),
    record({ ...head(CommandId.DELIVER_RESP), msgId: u64, result: status(version) }),
    record({ ...head(CommandId.QUERY), time: octets(8), queryType: u8, queryCode: octets(10) }),
    record({
      ...head(CommandId.QUERY_RESP),
      time: octets(8),
      queryType: u8,
      queryCode: octets(10),
      mtTlMsg: u32,
      mtTlUsr: u32,
      mtScs: u32,
      mtWt: u32,
      mtFl: u32,
      moScs: u32,
      moWt: u32,
      moFl: u32,
    }),
    record({ ...head(CommandId.CANCEL), msgId: u64 }),
    record({ ...head(CommandId.CANCEL_RESP), successId: status(version) }),
  ];
  return fc.oneof(...arbitraries);
}

describe('CMPP round trip', () => {
  for (const version of [0x20, 0x30] as const) {
    it(`decode(encode(pdu)) equals pdu for every PDU type, version 0x${version.toString(16)}`, () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(pduArbitrary(version), (pdu) => {
          seen.add(pdu.commandId === CommandId.DELIVER ? `DELIVER:${pdu.registeredDelivery}` : String(pdu.commandId));
          const frame = encodePdu(pdu, version);
          expect(readHeader(frame).totalLength).toBe(frame.length);
          expect(decodePdu(frame, version)).toStrictEqual(pdu);
        }),
        { numRuns: 1500 },
      );
      expect(seen.size).toBe(15); // 14 commands, DELIVER both as MO and as report
    });
  }

  it('2.x encoding leaves out the 3.0-only fields', () => {
    const pdu: CmppSubmit = { ...attendance, feeTerminalType: 1, destTerminalType: 1, linkId: 'abc' };
    expect(toHex(encodePdu(pdu, 0x20))).toBe(toHex(encodePdu(attendance, 0x20)));
    expect(encodePdu(pdu, 0x30)).toHaveLength(12 + 129 + 32 + 1 + 1 + 24 + 20);
  });

  it('a SUBMIT to 99 recipients fits one frame', () => {
    const pdu: CmppSubmit = { ...attendance, destTerminalIds: Array.from({ length: 99 }, (_, i) => `138${String(i).padStart(8, '0')}`) };
    for (const version of [0x20, 0x30] as const) {
      const frame = encodePdu(pdu, version);
      expect([...new CmppFrameReader().push(frame)]).toHaveLength(1);
      expect(decodePdu(frame, version)).toMatchObject({ destTerminalIds: pdu.destTerminalIds });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed input

const validFrames = VECTORS.map((v) => ({ ...v, bytes: hex(v.hex) }));

function withTotalLength(frame: Buffer, totalLength: number): Buffer {
  const copy = Buffer.from(frame);
  copy.writeUInt32BE(totalLength, 0);
  return copy;
}

describe('CMPP malformed frames', () => {
  it('CMPP_BAD_LENGTH when Total_Length disagrees with a longer frame (trailing bytes)', () => {
    const frame = Buffer.concat([frameOf('A. CONNECT (Version 0x21)'), Buffer.from([0])]);
    expectCode(() => decodePdu(frame, 0x20), 'CMPP_BAD_LENGTH');
    expectCode(() => decodePdu(withTotalLength(frame, frame.length), 0x20), 'CMPP_BAD_LENGTH');
    expectCode(() => decodePdu(withTotalLength(frameOf('A. CONNECT (Version 0x21)'), 11), 0x20), 'CMPP_BAD_LENGTH');
  });

  it('a response read with the other version\'s layout fails: too short for 3.0, too long for 2.0', () => {
    const resp2 = frameOf('F. SUBMIT_RESP 2.0');
    expectCode(() => decodePdu(resp2, 0x30), 'CMPP_TRUNCATED');
    const resp3 = frameOf('DELIVER_RESP 3.0 (gocmpp)');
    expectCode(() => decodePdu(resp3, 0x20), 'CMPP_BAD_LENGTH');
  });

  it('CMPP_TRUNCATED for every cut of every vector, whether or not Total_Length was fixed up', () => {
    // These two have a shorter valid form: ACTIVE_TEST_RESP without Reserved, CONNECT_RESP 2.x.
    const hasShorterForm = (name: string, cut: number) =>
      (name === 'C. ACTIVE_TEST_RESP' && cut === 12) || (name === 'B. CONNECT_RESP 3.0' && cut === 30);
    for (const { name, bytes: frame, version } of validFrames) {
      for (let cut = 0; cut < frame.length; cut++) {
        const short = frame.subarray(0, cut);
        const error = expectCode(() => decodePdu(short, version), 'CMPP_TRUNCATED');
        expect(error.details).toBeDefined();
        if (cut >= 12 && !hasShorterForm(name, cut)) {
          expectCode(() => decodePdu(withTotalLength(short, cut), version), 'CMPP_TRUNCATED');
        }
      }
    }
  });

  it('CMPP_UNKNOWN_COMMAND for a Command_Id we do not speak, with the sequence to answer it', () => {
    for (const commandId of [0x00000003, 0x00000009, 0x80000003, 0x12345678]) {
      const frame = Buffer.alloc(12);
      frame.writeUInt32BE(12, 0);
      frame.writeUInt32BE(commandId, 4);
      frame.writeUInt32BE(0x42, 8);
      const error = expectCode(() => decodePdu(frame, 0x20), 'CMPP_UNKNOWN_COMMAND');
      expect(error.details).toMatchObject({ sequenceId: 0x42 });
      expect(readHeader(frame)).toStrictEqual({ totalLength: 12, commandId, sequenceId: 0x42 });
    }
  });

  it('CMPP_BAD_FIELD for a DELIVER whose Registered_Delivery is neither 0 nor 1, or whose report is not 60/71 bytes', () => {
    const mo = frameOf('G. DELIVER 2.0 MO "JX" (Msg_Fmt 15)');
    mo[12 + 63] = 2;
    expectCode(() => decodePdu(mo, 0x20), 'CMPP_BAD_FIELD');
    mo[12 + 63] = 1; // a "report" of 2 bytes
    expectCode(() => decodePdu(mo, 0x20), 'CMPP_BAD_FIELD');
  });

  it('CMPP_BAD_FIELD when encoding a value that does not fit its field', () => {
    const cases: CmppPdu[] = [
      { ...attendance, serviceId: 'SERVICE_ID_TOO_LONG' },
      { ...attendance, srcId: '1065709９' }, // a full-width digit is not one byte
      { ...attendance, pkTotal: 256 },
      { ...attendance, msgLevel: -1 },
      { ...attendance, tpPid: 1.5 },
      { ...attendance, msgContent: Buffer.alloc(256) },
      { ...attendance, destTerminalIds: Array.from({ length: 256 }, () => '13800138000') },
      { ...attendance, msgId: -1n },
      { ...attendance, sequenceId: 2 ** 32 },
      { commandId: CommandId.CONNECT_RESP, sequenceId: 1, status: 256, authenticatorIsmg: Buffer.alloc(16), version: 0x20 },
      { commandId: CommandId.CONNECT, sequenceId: 1, sourceAddr: SP_ID, authenticatorSource: Buffer.alloc(15), version: 0x20, timestamp: 0 },
    ];
    for (const pdu of cases) {
      expectCode(() => encodePdu(pdu, 0x20), 'CMPP_BAD_FIELD');
    }
    expect(encodePdu({ commandId: CommandId.SUBMIT_RESP, sequenceId: 1, msgId: 1n, result: 256 }, 0x30)).toHaveLength(24);
  });

  it('garbage bytes never escape as anything but CmppCodecError', () => {
    fc.assert(
      fc.property(bytes(0, 400), fc.constantFrom<CmppVersion>(0x20, 0x30), (garbage, version) => {
        onlyCodecErrors(() => decodePdu(garbage, version));
        onlyCodecErrors(() => [...new CmppFrameReader().push(garbage)].map((f) => decodePdu(f, version)));
      }),
      { numRuns: 2000 },
    );
  });

  it('corrupting any byte of a valid frame never escapes as anything but CmppCodecError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validFrames), fc.nat(), u8, ({ bytes: frame, version }, at, value) => {
        const corrupt = Buffer.from(frame);
        corrupt[at % corrupt.length] = value;
        onlyCodecErrors(() => decodePdu(corrupt, version));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('CmppFrameReader', () => {
  const connectFrame = frameOf('A. CONNECT (Version 0x21)');
  const activeTestFrame = frameOf('C. ACTIVE_TEST');
  const stream = Buffer.concat(validFrames.map((v) => v.bytes));

  it('yields every frame when the stream arrives one byte at a time', () => {
    const reader = new CmppFrameReader();
    const frames: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) {
      frames.push(...reader.push(stream.subarray(i, i + 1)));
    }
    expect(frames.map(toHex)).toStrictEqual(validFrames.map((v) => toHex(v.bytes)));
    expect(reader.bufferedLength).toBe(0);
  });

  it('yields every frame from one coalesced chunk', () => {
    const frames = [...new CmppFrameReader().push(stream)];
    expect(frames.map(toHex)).toStrictEqual(validFrames.map((v) => toHex(v.bytes)));
  });

  it('yields the same frames whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const reader = new CmppFrameReader();
        const frames: string[] = [];
        for (let i = 0; i + 1 < points.length; i++) {
          for (const frame of reader.push(stream.subarray(points[i], points[i + 1]))) {
            frames.push(toHex(frame));
          }
        }
        expect(frames).toStrictEqual(validFrames.map((v) => toHex(v.bytes)));
      }),
    );
  });

  it('holds a partial frame until the rest arrives', () => {
    const reader = new CmppFrameReader();
    const first = connectFrame;
    expect([...reader.push(first.subarray(0, 3))]).toStrictEqual([]);
    expect([...reader.push(first.subarray(3, 20))]).toStrictEqual([]);
    expect(reader.bufferedLength).toBe(20);
    expect([...reader.push(first.subarray(20))].map(toHex)).toStrictEqual([toHex(first)]);
  });

  it('keeps frames that were not iterated for the next push', () => {
    const reader = new CmppFrameReader();
    void reader.push(connectFrame); // not iterated
    const frames = [...reader.push(activeTestFrame)];
    expect(frames.map(toHex)).toStrictEqual([toHex(connectFrame), toHex(activeTestFrame)]);
  });

  it('rejects Total_Length below 12 or above the maximum as soon as the length arrives', () => {
    for (const totalLength of [0, 4, 11, 4097, 0xffffffff]) {
      const reader = new CmppFrameReader();
      const lengthBytes = Buffer.alloc(4);
      lengthBytes.writeUInt32BE(totalLength);
      const error = expectCode(() => [...reader.push(lengthBytes)], 'CMPP_BAD_LENGTH');
      expect(error.details).toMatchObject({ totalLength });
    }
    expectCode(() => [...new CmppFrameReader(3000).push(withTotalLength(Buffer.alloc(12), 3001))], 'CMPP_BAD_LENGTH');
  });

  it('yields the good frames before a bad length, then keeps failing (the stream cannot resynchronise)', () => {
    const reader = new CmppFrameReader();
    const good = connectFrame;
    const yielded: Buffer[] = [];
    const error = expectCode(() => {
      for (const frame of reader.push(Buffer.concat([good, hex('00 00 00 05 ff ff')]))) {
        yielded.push(frame);
      }
    }, 'CMPP_BAD_LENGTH');
    expect(yielded.map(toHex)).toStrictEqual([toHex(good)]);
    expect(codecError(() => [...reader.push(good)])).toBe(error);
  });
});
