/**
 * CMPP 2.0 / 3.0 packet codec: typed PDUs ⇄ frames, and a stream splitter. Pure code, no
 * sockets. Section numbers (§) refer to `reference/cmpp2.md`.
 */
import { AppError, type ErrorDetails } from '../../../platform/errors';

// ---------------------------------------------------------------------------------------------
// Errors

const CODEC_ERROR_MESSAGES = {
  CMPP_BAD_LENGTH: 'CMPP 报文长度错误',
  CMPP_TRUNCATED: 'CMPP 报文不完整',
  CMPP_UNKNOWN_COMMAND: '不支持的 CMPP 命令',
  CMPP_BAD_FIELD: 'CMPP 字段取值错误',
} as const;

export type CmppCodecErrorCode = keyof typeof CODEC_ERROR_MESSAGES;

/** Every decode, encode and framing failure. The codes are stable; details say where. */
export class CmppCodecError extends AppError {
  declare readonly code: CmppCodecErrorCode;

  constructor(code: CmppCodecErrorCode, details: ErrorDetails = {}) {
    super(code, 'invalid', CODEC_ERROR_MESSAGES[code], details);
    this.name = 'CmppCodecError';
  }
}

// ---------------------------------------------------------------------------------------------
// Constants

/** Command_Id values (§2.4). A response is the request's id with the top bit set. */
export const CommandId = {
  CONNECT: 0x00000001,
  CONNECT_RESP: 0x80000001,
  TERMINATE: 0x00000002,
  TERMINATE_RESP: 0x80000002,
  SUBMIT: 0x00000004,
  SUBMIT_RESP: 0x80000004,
  DELIVER: 0x00000005,
  DELIVER_RESP: 0x80000005,
  QUERY: 0x00000006,
  QUERY_RESP: 0x80000006,
  CANCEL: 0x00000007,
  CANCEL_RESP: 0x80000007,
  ACTIVE_TEST: 0x00000008,
  ACTIVE_TEST_RESP: 0x80000008,
} as const;

export type CmppCommandName = keyof typeof CommandId;
export type CmppCommandId = (typeof CommandId)[CmppCommandName];

/**
 * The packet layout to use: 0x20 for CMPP 2.x, 0x30 for CMPP 3.0. The Version byte on the
 * wire has the major version in the high nibble (§2.5), so 0x21 uses the 0x20 layout.
 */
export type CmppVersion = 0x20 | 0x30;

/** The header is Total_Length, Command_Id, Sequence_Id: three uint32 (§2.3). */
export const CMPP_HEADER_LENGTH = 12;

/**
 * Largest frame the reader accepts. The biggest legal 3.0 SUBMIT (99 recipients, 255 content
 * bytes) is 3,586 bytes; gocmpp caps at 2,477 (2.0) and 3,335 (3.0) (§2.3).
 */
export const CMPP_MAX_FRAME_LENGTH = 4096;

/** Status-report Msg_Content length: Dest_terminal_Id is 21 bytes in 2.0, 32 in 3.0 (§2.9, §2.13). */
export const CMPP_REPORT_LENGTH = { 0x20: 60, 0x30: 71 } as const;

// ---------------------------------------------------------------------------------------------
// PDU types

interface Header<C extends CmppCommandId> {
  commandId: C;
  /** Shared by a request and its response (§2.1). uint32. */
  sequenceId: number;
}

export interface CmppConnect extends Header<typeof CommandId.CONNECT> {
  /** SP_Id, 6 characters. */
  sourceAddr: string;
  /** 16 bytes; see `authenticatorSource` in auth.ts. */
  authenticatorSource: Buffer;
  /** The version byte the SP asks for (0x20, 0x21, 0x30). */
  version: number;
  /** MMDDHHMMSS as a decimal integer (§2.5). */
  timestamp: number;
}

export interface CmppConnectResp extends Header<typeof CommandId.CONNECT_RESP> {
  /** 0 ok, 1 bad structure, 2 bad source address, 3 authentication failed, 4 version too high (§2.5). */
  status: number;
  /** 16 bytes; all zero when authentication failed. */
  authenticatorIsmg: Buffer;
  /** The highest version the ISMG supports. */
  version: number;
}

export type CmppTerminate = Header<typeof CommandId.TERMINATE>;
export type CmppTerminateResp = Header<typeof CommandId.TERMINATE_RESP>;
export type CmppActiveTest = Header<typeof CommandId.ACTIVE_TEST>;

export interface CmppActiveTestResp extends Header<typeof CommandId.ACTIVE_TEST_RESP> {
  /** The one Reserved byte; 0 when a peer sent the 12-byte form (§2.6). */
  reserved: number;
}

export interface CmppSubmit extends Header<typeof CommandId.SUBMIT> {
  /** The SP sends 0; the ISMG assigns the id in SUBMIT_RESP (§2.7). */
  msgId: bigint;
  pkTotal: number;
  pkNumber: number;
  /** 0 no report, 1 report required (2 = SMC bill, 2.x only). */
  registeredDelivery: number;
  msgLevel: number;
  serviceId: string;
  feeUserType: number;
  feeTerminalId: string;
  /** 3.0 only; ignored when encoding 2.x. */
  feeTerminalType?: number;
  tpPid: number;
  /** 1 when Msg_Content starts with a UDH. */
  tpUdhi: number;
  /** 0 ASCII, 4 binary, 8 UCS2, 15 GBK. */
  msgFmt: number;
  /** SP_Id. */
  msgSrc: string;
  feeType: string;
  /** Fee in fen, as digits. */
  feeCode: string;
  valIdTime: string;
  atTime: string;
  /** The service code (plus extension) the handset shows as the sender. */
  srcId: string;
  /** DestUsr_tl is their count; the spec allows fewer than 100. */
  destTerminalIds: string[];
  /** 3.0 only; ignored when encoding 2.x. */
  destTerminalType?: number;
  /** At most 255 bytes here; the 140-byte rule belongs to the text layer. */
  msgContent: Buffer;
  /** 3.0 only (it replaces Reserve); ignored when encoding 2.x. */
  linkId?: string;
}

export interface CmppSubmitResp extends Header<typeof CommandId.SUBMIT_RESP> {
  msgId: bigint;
  /** 0 ok, 8 flow control, … (§2.7). */
  result: number;
}

/** The Msg_Content of a DELIVER with Registered_Delivery = 1 (§2.9). */
export interface CmppStatusReport {
  /** The Msg_Id from SUBMIT_RESP: the correlation key. */
  msgId: bigint;
  /** DELIVRD, EXPIRED, UNDELIV, … or a vendor `XX:nnnn`; kept verbatim. */
  stat: string;
  /** YYMMDDHHMM. */
  submitTime: string;
  /** YYMMDDHHMM. */
  doneTime: string;
  destTerminalId: string;
  smscSequence: number;
}

interface CmppDeliverCommon extends Header<typeof CommandId.DELIVER> {
  /** The ISMG's id for this DELIVER; echo it in DELIVER_RESP. */
  msgId: bigint;
  /** The number the user sent to (service code + extension). */
  destId: string;
  serviceId: string;
  tpPid: number;
  /** ISMGs send 0x01 or 0x40 for "has UDH" (§2.11). */
  tpUdhi: number;
  msgFmt: number;
  /** MO: the sender. Report: the MT's destination. */
  srcTerminalId: string;
  /** 3.0 only; ignored when encoding 2.x. */
  srcTerminalType?: number;
  /** 3.0 only (it replaces Reserve); ignored when encoding 2.x. */
  linkId?: string;
}

export interface CmppDeliverMo extends CmppDeliverCommon {
  registeredDelivery: 0;
  msgContent: Buffer;
}

export interface CmppDeliverReport extends CmppDeliverCommon {
  registeredDelivery: 1;
  report: CmppStatusReport;
}

export type CmppDeliver = CmppDeliverMo | CmppDeliverReport;

export interface CmppDeliverResp extends Header<typeof CommandId.DELIVER_RESP> {
  msgId: bigint;
  result: number;
}

export interface CmppQuery extends Header<typeof CommandId.QUERY> {
  /** YYYYMMDD. */
  time: string;
  /** 0 totals, 1 by service. */
  queryType: number;
  queryCode: string;
}

export interface CmppQueryResp extends Header<typeof CommandId.QUERY_RESP> {
  time: string;
  queryType: number;
  queryCode: string;
  mtTlMsg: number;
  mtTlUsr: number;
  mtScs: number;
  mtWt: number;
  mtFl: number;
  moScs: number;
  moWt: number;
  moFl: number;
}

export interface CmppCancel extends Header<typeof CommandId.CANCEL> {
  msgId: bigint;
}

export interface CmppCancelResp extends Header<typeof CommandId.CANCEL_RESP> {
  /** 0 success, 1 failure. */
  successId: number;
}

export type CmppPdu =
  | CmppConnect
  | CmppConnectResp
  | CmppTerminate
  | CmppTerminateResp
  | CmppActiveTest
  | CmppActiveTestResp
  | CmppSubmit
  | CmppSubmitResp
  | CmppDeliver
  | CmppDeliverResp
  | CmppQuery
  | CmppQueryResp
  | CmppCancel
  | CmppCancelResp;

/** The PDU type of one command: `PduOf<typeof CommandId.SUBMIT>` is `CmppSubmit`. */
export type PduOf<C extends CmppCommandId> = Extract<CmppPdu, { commandId: C }>;

export interface CmppHeader {
  totalLength: number;
  commandId: number;
  sequenceId: number;
}

// ---------------------------------------------------------------------------------------------
// Versions and names

/** Maps a Version byte from the wire (0x20, 0x21, 0x30 …) to the layout it uses. */
export function cmppVersionOf(versionByte: number): CmppVersion {
  const major = versionByte >> 4;
  if (major === 2) {
    return 0x20;
  }
  if (major === 3) {
    return 0x30;
  }
  throw new CmppCodecError('CMPP_BAD_FIELD', { field: 'Version', value: versionByte });
}

const COMMAND_NAMES = new Map<number, CmppCommandName>(
  Object.entries(CommandId).map(([name, id]) => [id, name as CmppCommandName]),
);

/** "SUBMIT", "DELIVER_RESP", …, or the id in hex when it is not one we speak. */
export function commandName(commandId: number): string {
  return COMMAND_NAMES.get(commandId) ?? `0x${commandId.toString(16).padStart(8, '0')}`;
}

/** Field widths that differ between the layouts (§2.13). */
interface Layout {
  /** CONNECT_RESP.Status, SUBMIT_RESP/DELIVER_RESP.Result, CANCEL_RESP.Success_Id. */
  statusWidth: 1 | 4;
  /** Fee_terminal_Id, Dest_terminal_Id, Src_terminal_Id and the report's Dest_terminal_Id. */
  terminalIdWidth: 21 | 32;
  /** 3.0 adds the *_terminal_type bytes and replaces Reserve(8) with LinkID(20). */
  v3: boolean;
}

const LAYOUT_20: Layout = { statusWidth: 1, terminalIdWidth: 21, v3: false };
const LAYOUT_30: Layout = { statusWidth: 4, terminalIdWidth: 32, v3: true };

function layoutOf(version: CmppVersion): Layout {
  return version >= 0x30 ? LAYOUT_30 : LAYOUT_20;
}

const RESERVE_LENGTH = 8;
const LINK_ID_LENGTH = 20;

// ---------------------------------------------------------------------------------------------
// Field writers (encode side: every value is checked against its wire width)

function badField(field: string, value: unknown, reason: string): CmppCodecError {
  return new CmppCodecError('CMPP_BAD_FIELD', { field, value, reason });
}

function uint(value: number, width: 1 | 4, field: string): Buffer {
  const max = width === 1 ? 0xff : 0xffffffff;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw badField(field, value, `not an unsigned ${width * 8}-bit integer`);
  }
  const out = Buffer.alloc(width);
  if (width === 1) {
    out.writeUInt8(value);
  } else {
    out.writeUInt32BE(value);
  }
  return out;
}

const u8 = (value: number, field: string): Buffer => uint(value, 1, field);
const u32 = (value: number, field: string): Buffer => uint(value, 4, field);

function u64(value: bigint, field: string): Buffer {
  if (value < 0n || value > 0xffffffffffffffffn) {
    throw badField(field, value.toString(), 'not an unsigned 64-bit integer');
  }
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(value);
  return out;
}

/** Octet String: fixed width, right-padded with 0x00 (§2.2). One byte per character. */
function octets(value: string, width: number, field: string): Buffer {
  if (value.length > width) {
    throw badField(field, value, `longer than ${width} bytes`);
  }
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) {
      throw badField(field, value, 'not a single-byte string');
    }
  }
  const out = Buffer.alloc(width);
  out.write(value, 'latin1');
  return out;
}

function exactBytes(value: Buffer, width: number, field: string): Buffer {
  if (value.length !== width) {
    throw badField(field, value.toString('hex'), `must be exactly ${width} bytes`);
  }
  return value;
}

/** A length byte followed by the bytes it counts. */
function counted(value: Buffer, lengthField: string): Buffer[] {
  return [u8(value.length, lengthField), value];
}

/** 2.x ends SUBMIT and DELIVER with Reserve(8); 3.0 with LinkID(20) (§2.13). */
function tail(layout: Layout, linkId: string | undefined): Buffer {
  return layout.v3 ? octets(linkId ?? '', LINK_ID_LENGTH, 'LinkID') : Buffer.alloc(RESERVE_LENGTH);
}

function onlyV3(layout: Layout, write: () => Buffer): Buffer[] {
  return layout.v3 ? [write()] : [];
}

// ---------------------------------------------------------------------------------------------
// Encode

/** Encodes a status report into the 60-byte (2.x) or 71-byte (3.0) Msg_Content (§2.9). */
export function encodeStatusReport(report: CmppStatusReport, version: CmppVersion): Buffer {
  const layout = layoutOf(version);
  return Buffer.concat([
    u64(report.msgId, 'Report.Msg_Id'),
    octets(report.stat, 7, 'Report.Stat'),
    octets(report.submitTime, 10, 'Report.Submit_time'),
    octets(report.doneTime, 10, 'Report.Done_time'),
    octets(report.destTerminalId, layout.terminalIdWidth, 'Report.Dest_terminal_Id'),
    u32(report.smscSequence, 'Report.SMSC_sequence'),
  ]);
}

function encodeSubmit(p: CmppSubmit, layout: Layout): Buffer[] {
  const id = layout.terminalIdWidth;
  return [
    u64(p.msgId, 'Msg_Id'),
    u8(p.pkTotal, 'Pk_total'),
    u8(p.pkNumber, 'Pk_number'),
    u8(p.registeredDelivery, 'Registered_Delivery'),
    u8(p.msgLevel, 'Msg_level'),
    octets(p.serviceId, 10, 'Service_Id'),
    u8(p.feeUserType, 'Fee_UserType'),
    octets(p.feeTerminalId, id, 'Fee_terminal_Id'),
    ...onlyV3(layout, () => u8(p.feeTerminalType ?? 0, 'Fee_terminal_type')),
    u8(p.tpPid, 'TP_pId'),
    u8(p.tpUdhi, 'TP_udhi'),
    u8(p.msgFmt, 'Msg_Fmt'),
    octets(p.msgSrc, 6, 'Msg_src'),
    octets(p.feeType, 2, 'FeeType'),
    octets(p.feeCode, 6, 'FeeCode'),
    octets(p.valIdTime, 17, 'ValId_Time'),
    octets(p.atTime, 17, 'At_Time'),
    octets(p.srcId, 21, 'Src_Id'),
    u8(p.destTerminalIds.length, 'DestUsr_tl'),
    ...p.destTerminalIds.map((d) => octets(d, id, 'Dest_terminal_Id')),
    ...onlyV3(layout, () => u8(p.destTerminalType ?? 0, 'Dest_terminal_type')),
    ...counted(p.msgContent, 'Msg_Length'),
    tail(layout, p.linkId),
  ];
}

function encodeDeliver(p: CmppDeliver, layout: Layout, version: CmppVersion): Buffer[] {
  const content = p.registeredDelivery === 1 ? encodeStatusReport(p.report, version) : p.msgContent;
  return [
    u64(p.msgId, 'Msg_Id'),
    octets(p.destId, 21, 'Dest_Id'),
    octets(p.serviceId, 10, 'Service_Id'),
    u8(p.tpPid, 'TP_pid'),
    u8(p.tpUdhi, 'TP_udhi'),
    u8(p.msgFmt, 'Msg_Fmt'),
    octets(p.srcTerminalId, layout.terminalIdWidth, 'Src_terminal_Id'),
    ...onlyV3(layout, () => u8(p.srcTerminalType ?? 0, 'Src_terminal_type')),
    u8(p.registeredDelivery, 'Registered_Delivery'),
    ...counted(content, 'Msg_Length'),
    tail(layout, p.linkId),
  ];
}

function encodeBody(pdu: CmppPdu, version: CmppVersion): Buffer[] {
  const layout = layoutOf(version);
  switch (pdu.commandId) {
    case CommandId.CONNECT:
      return [
        octets(pdu.sourceAddr, 6, 'Source_Addr'),
        exactBytes(pdu.authenticatorSource, 16, 'AuthenticatorSource'),
        u8(pdu.version, 'Version'),
        u32(pdu.timestamp, 'Timestamp'),
      ];
    case CommandId.CONNECT_RESP:
      return [
        uint(pdu.status, layout.statusWidth, 'Status'),
        exactBytes(pdu.authenticatorIsmg, 16, 'AuthenticatorISMG'),
        u8(pdu.version, 'Version'),
      ];
    case CommandId.TERMINATE:
    case CommandId.TERMINATE_RESP:
    case CommandId.ACTIVE_TEST:
      return [];
    case CommandId.ACTIVE_TEST_RESP:
      return [u8(pdu.reserved, 'Reserved')];
    case CommandId.SUBMIT:
      return encodeSubmit(pdu, layout);
    case CommandId.SUBMIT_RESP:
    case CommandId.DELIVER_RESP:
      return [u64(pdu.msgId, 'Msg_Id'), uint(pdu.result, layout.statusWidth, 'Result')];
    case CommandId.DELIVER:
      return encodeDeliver(pdu, layout, version);
    case CommandId.QUERY:
      return [
        octets(pdu.time, 8, 'Time'),
        u8(pdu.queryType, 'Query_Type'),
        octets(pdu.queryCode, 10, 'Query_Code'),
        Buffer.alloc(RESERVE_LENGTH),
      ];
    case CommandId.QUERY_RESP:
      return [
        octets(pdu.time, 8, 'Time'),
        u8(pdu.queryType, 'Query_Type'),
        octets(pdu.queryCode, 10, 'Query_Code'),
        u32(pdu.mtTlMsg, 'MT_TLMsg'),
        u32(pdu.mtTlUsr, 'MT_Tlusr'),
        u32(pdu.mtScs, 'MT_Scs'),
        u32(pdu.mtWt, 'MT_WT'),
        u32(pdu.mtFl, 'MT_FL'),
        u32(pdu.moScs, 'MO_Scs'),
        u32(pdu.moWt, 'MO_WT'),
        u32(pdu.moFl, 'MO_FL'),
      ];
    case CommandId.CANCEL:
      return [u64(pdu.msgId, 'Msg_Id')];
    case CommandId.CANCEL_RESP:
      return [uint(pdu.successId, layout.statusWidth, 'Success_Id')];
  }
}

/**
 * Encodes one PDU as a complete frame (header + body). Fields the layout of `version` lacks
 * (the 3.0 terminal types and LinkID, when encoding 2.x) are left out. Throws
 * `CmppCodecError` CMPP_BAD_FIELD when a value does not fit its field.
 */
export function encodePdu(pdu: CmppPdu, version: CmppVersion): Buffer {
  const body = Buffer.concat(encodeBody(pdu, version));
  return Buffer.concat([
    u32(CMPP_HEADER_LENGTH + body.length, 'Total_Length'),
    u32(pdu.commandId, 'Command_Id'),
    u32(pdu.sequenceId, 'Sequence_Id'),
    body,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Field readers (decode side: every read is bounds-checked)

interface Cursor {
  u8(field: string): number;
  uint(width: 1 | 4, field: string): number;
  u32(field: string): number;
  u64(field: string): bigint;
  octets(width: number, field: string): string;
  bytes(length: number, field: string): Buffer;
  skip(length: number, field: string): void;
  remaining(): number;
  /** Throws unless every byte was read: a body longer than its layout is a length error. */
  end(): void;
}

/** Decodes an Octet String: cut at the first 0x00, trim spaces (§2.2). */
function readOctets(raw: Buffer): string {
  const nul = raw.indexOf(0);
  return raw.toString('latin1', 0, nul === -1 ? raw.length : nul).replace(/^ +| +$/g, '');
}

function cursor(body: Buffer, context: ErrorDetails): Cursor {
  let offset = 0;
  const take = (length: number, field: string): Buffer => {
    if (offset + length > body.length) {
      throw new CmppCodecError('CMPP_TRUNCATED', { ...context, field, offset, needed: length, bodyLength: body.length });
    }
    const out = body.subarray(offset, offset + length);
    offset += length;
    return out;
  };
  return {
    u8: (field) => take(1, field).readUInt8(0),
    uint: (width, field) => (width === 1 ? take(1, field).readUInt8(0) : take(4, field).readUInt32BE(0)),
    u32: (field) => take(4, field).readUInt32BE(0),
    u64: (field) => take(8, field).readBigUInt64BE(0),
    octets: (width, field) => readOctets(take(width, field)),
    // A copy, so a decoded PDU never pins or aliases the frame it came from.
    bytes: (length, field) => Buffer.from(take(length, field)),
    skip: (length, field) => {
      take(length, field);
    },
    remaining: () => body.length - offset,
    end: () => {
      if (offset !== body.length) {
        throw new CmppCodecError('CMPP_BAD_LENGTH', { ...context, bodyLength: body.length, expected: offset });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Decode

/** Reads the 12-byte header (§2.3), e.g. to answer a PDU that does not decode. */
export function readHeader(frame: Buffer): CmppHeader {
  if (frame.length < CMPP_HEADER_LENGTH) {
    throw new CmppCodecError('CMPP_TRUNCATED', { field: 'header', frameLength: frame.length });
  }
  return {
    totalLength: frame.readUInt32BE(0),
    commandId: frame.readUInt32BE(4),
    sequenceId: frame.readUInt32BE(8),
  };
}

/**
 * Decodes a status report from Msg_Content. The layout follows the length, whatever the
 * session's version: 60 bytes (21-byte Dest_terminal_Id) or 71 (32-byte), because gocmpp-based
 * 3.0 gateways send the 60-byte form (§2.13 note).
 */
export function decodeStatusReport(content: Buffer): CmppStatusReport {
  if (content.length !== CMPP_REPORT_LENGTH[0x20] && content.length !== CMPP_REPORT_LENGTH[0x30]) {
    throw new CmppCodecError('CMPP_BAD_FIELD', {
      field: 'Msg_Content',
      reason: 'a status report is 60 or 71 bytes',
      length: content.length,
    });
  }
  const idWidth = content.length === CMPP_REPORT_LENGTH[0x30] ? 32 : 21;
  const c = cursor(content, { command: 'DELIVER', part: 'report' });
  const report: CmppStatusReport = {
    msgId: c.u64('Report.Msg_Id'),
    stat: c.octets(7, 'Report.Stat'),
    submitTime: c.octets(10, 'Report.Submit_time'),
    doneTime: c.octets(10, 'Report.Done_time'),
    destTerminalId: c.octets(idWidth, 'Report.Dest_terminal_Id'),
    smscSequence: c.u32('Report.SMSC_sequence'),
  };
  c.end();
  return report;
}

function decodeSubmit(c: Cursor, layout: Layout, sequenceId: number): CmppSubmit {
  const id = layout.terminalIdWidth;
  const msgId = c.u64('Msg_Id');
  const pkTotal = c.u8('Pk_total');
  const pkNumber = c.u8('Pk_number');
  const registeredDelivery = c.u8('Registered_Delivery');
  const msgLevel = c.u8('Msg_level');
  const serviceId = c.octets(10, 'Service_Id');
  const feeUserType = c.u8('Fee_UserType');
  const feeTerminalId = c.octets(id, 'Fee_terminal_Id');
  const feeTerminalType = layout.v3 ? c.u8('Fee_terminal_type') : undefined;
  const tpPid = c.u8('TP_pId');
  const tpUdhi = c.u8('TP_udhi');
  const msgFmt = c.u8('Msg_Fmt');
  const msgSrc = c.octets(6, 'Msg_src');
  const feeType = c.octets(2, 'FeeType');
  const feeCode = c.octets(6, 'FeeCode');
  const valIdTime = c.octets(17, 'ValId_Time');
  const atTime = c.octets(17, 'At_Time');
  const srcId = c.octets(21, 'Src_Id');
  const destCount = c.u8('DestUsr_tl');
  const destTerminalIds = Array.from({ length: destCount }, () => c.octets(id, 'Dest_terminal_Id'));
  const destTerminalType = layout.v3 ? c.u8('Dest_terminal_type') : undefined;
  const msgContent = c.bytes(c.u8('Msg_Length'), 'Msg_Content');
  const linkId = readTail(c, layout);
  c.end();
  return {
    commandId: CommandId.SUBMIT,
    sequenceId,
    msgId,
    pkTotal,
    pkNumber,
    registeredDelivery,
    msgLevel,
    serviceId,
    feeUserType,
    feeTerminalId,
    ...(feeTerminalType === undefined ? {} : { feeTerminalType }),
    tpPid,
    tpUdhi,
    msgFmt,
    msgSrc,
    feeType,
    feeCode,
    valIdTime,
    atTime,
    srcId,
    destTerminalIds,
    ...(destTerminalType === undefined ? {} : { destTerminalType }),
    msgContent,
    ...(linkId === undefined ? {} : { linkId }),
  };
}

/** Reads Reserve (2.x, discarded) or LinkID (3.0, returned). */
function readTail(c: Cursor, layout: Layout): string | undefined {
  if (layout.v3) {
    return c.octets(LINK_ID_LENGTH, 'LinkID');
  }
  c.skip(RESERVE_LENGTH, 'Reserve');
  return undefined;
}

function decodeDeliver(c: Cursor, layout: Layout, sequenceId: number): CmppDeliver {
  const msgId = c.u64('Msg_Id');
  const destId = c.octets(21, 'Dest_Id');
  const serviceId = c.octets(10, 'Service_Id');
  const tpPid = c.u8('TP_pid');
  const tpUdhi = c.u8('TP_udhi');
  const msgFmt = c.u8('Msg_Fmt');
  const srcTerminalId = c.octets(layout.terminalIdWidth, 'Src_terminal_Id');
  const srcTerminalType = layout.v3 ? c.u8('Src_terminal_type') : undefined;
  const registeredDelivery = c.u8('Registered_Delivery');
  const msgContent = c.bytes(c.u8('Msg_Length'), 'Msg_Content');
  const linkId = readTail(c, layout);
  c.end();
  const common = {
    commandId: CommandId.DELIVER,
    sequenceId,
    msgId,
    destId,
    serviceId,
    tpPid,
    tpUdhi,
    msgFmt,
    srcTerminalId,
    ...(srcTerminalType === undefined ? {} : { srcTerminalType }),
    ...(linkId === undefined ? {} : { linkId }),
  };
  if (registeredDelivery === 0) {
    return { ...common, registeredDelivery, msgContent };
  }
  if (registeredDelivery === 1) {
    return { ...common, registeredDelivery, report: decodeStatusReport(msgContent) };
  }
  throw new CmppCodecError('CMPP_BAD_FIELD', {
    command: 'DELIVER',
    field: 'Registered_Delivery',
    value: registeredDelivery,
    reason: '0 = MO, 1 = status report',
  });
}

/**
 * CONNECT_RESP is the one PDU read before a version is agreed, and its two layouts have
 * different lengths (18 and 21 bytes, §2.5), so the body length picks the Status width.
 */
function connectRespStatusWidth(bodyLength: number, layout: Layout): 1 | 4 {
  if (bodyLength === 18) {
    return 1;
  }
  if (bodyLength === 21) {
    return 4;
  }
  return layout.statusWidth;
}

function decodeBody(header: CmppHeader, body: Buffer, version: CmppVersion): CmppPdu {
  const { commandId, sequenceId } = header;
  const layout = layoutOf(version);
  const c = cursor(body, { command: commandName(commandId), sequenceId });
  const finish = <P extends CmppPdu>(pdu: P): P => {
    c.end();
    return pdu;
  };
  switch (commandId) {
    case CommandId.CONNECT:
      return finish({
        commandId,
        sequenceId,
        sourceAddr: c.octets(6, 'Source_Addr'),
        authenticatorSource: c.bytes(16, 'AuthenticatorSource'),
        version: c.u8('Version'),
        timestamp: c.u32('Timestamp'),
      });
    case CommandId.CONNECT_RESP:
      return finish({
        commandId,
        sequenceId,
        status: c.uint(connectRespStatusWidth(body.length, layout), 'Status'),
        authenticatorIsmg: c.bytes(16, 'AuthenticatorISMG'),
        version: c.u8('Version'),
      });
    case CommandId.TERMINATE:
    case CommandId.TERMINATE_RESP:
    case CommandId.ACTIVE_TEST:
      return finish({ commandId, sequenceId });
    case CommandId.ACTIVE_TEST_RESP:
      // 12 or 13 bytes: some peers omit the Reserved byte (§2.6).
      return finish({ commandId, sequenceId, reserved: c.remaining() === 0 ? 0 : c.u8('Reserved') });
    case CommandId.SUBMIT:
      return decodeSubmit(c, layout, sequenceId);
    case CommandId.SUBMIT_RESP:
    case CommandId.DELIVER_RESP:
      return finish({
        commandId,
        sequenceId,
        msgId: c.u64('Msg_Id'),
        result: c.uint(layout.statusWidth, 'Result'),
      });
    case CommandId.DELIVER:
      return decodeDeliver(c, layout, sequenceId);
    case CommandId.QUERY: {
      const query: CmppQuery = {
        commandId,
        sequenceId,
        time: c.octets(8, 'Time'),
        queryType: c.u8('Query_Type'),
        queryCode: c.octets(10, 'Query_Code'),
      };
      c.skip(RESERVE_LENGTH, 'Reserve');
      return finish(query);
    }
    case CommandId.QUERY_RESP:
      return finish({
        commandId,
        sequenceId,
        time: c.octets(8, 'Time'),
        queryType: c.u8('Query_Type'),
        queryCode: c.octets(10, 'Query_Code'),
        mtTlMsg: c.u32('MT_TLMsg'),
        mtTlUsr: c.u32('MT_Tlusr'),
        mtScs: c.u32('MT_Scs'),
        mtWt: c.u32('MT_WT'),
        mtFl: c.u32('MT_FL'),
        moScs: c.u32('MO_Scs'),
        moWt: c.u32('MO_WT'),
        moFl: c.u32('MO_FL'),
      });
    case CommandId.CANCEL:
      return finish({ commandId, sequenceId, msgId: c.u64('Msg_Id') });
    case CommandId.CANCEL_RESP:
      return finish({ commandId, sequenceId, successId: c.uint(layout.statusWidth, 'Success_Id') });
    default:
      throw new CmppCodecError('CMPP_UNKNOWN_COMMAND', { commandId: commandName(commandId), sequenceId });
  }
}

/**
 * Decodes one complete frame (as `CmppFrameReader` yields them). Throws `CmppCodecError`:
 * CMPP_TRUNCATED when the frame or a field is cut short, CMPP_BAD_LENGTH when Total_Length
 * disagrees with the frame or the body has bytes its layout does not, CMPP_UNKNOWN_COMMAND,
 * or CMPP_BAD_FIELD.
 */
export function decodePdu(frame: Buffer, version: CmppVersion): CmppPdu {
  const header = readHeader(frame);
  if (header.totalLength > frame.length) {
    throw new CmppCodecError('CMPP_TRUNCATED', { totalLength: header.totalLength, frameLength: frame.length });
  }
  if (header.totalLength !== frame.length) {
    throw new CmppCodecError('CMPP_BAD_LENGTH', { totalLength: header.totalLength, frameLength: frame.length });
  }
  return decodeBody(header, frame.subarray(CMPP_HEADER_LENGTH), version);
}

// ---------------------------------------------------------------------------------------------
// Framing

/**
 * Splits a TCP byte stream into frames by Total_Length (§2.3): read 4 bytes, then the rest.
 * Handles chunks that end mid-frame and chunks holding several frames.
 *
 * A Total_Length below 12 or above `maxLength` throws CMPP_BAD_LENGTH as soon as its four
 * bytes arrive. The stream cannot be resynchronised after that: the reader keeps throwing the
 * same error, and the caller should close the connection.
 */
export class CmppFrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private failure: CmppCodecError | undefined;

  constructor(private readonly maxLength: number = CMPP_MAX_FRAME_LENGTH) {}

  /**
   * Appends `chunk` and iterates the frames now complete, in order. Frames not iterated stay
   * buffered and come out of a later `push`.
   */
  push(chunk: Buffer): Generator<Buffer, void, undefined> {
    if (this.failure === undefined) {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    }
    return this.frames();
  }

  /** Bytes received but not yet part of a yielded frame. */
  get bufferedLength(): number {
    return this.pending.length;
  }

  private *frames(): Generator<Buffer, void, undefined> {
    for (;;) {
      if (this.failure !== undefined) {
        throw this.failure;
      }
      if (this.pending.length < 4) {
        return;
      }
      const totalLength = this.pending.readUInt32BE(0);
      if (totalLength < CMPP_HEADER_LENGTH || totalLength > this.maxLength) {
        this.failure = new CmppCodecError('CMPP_BAD_LENGTH', { totalLength, maxLength: this.maxLength });
        throw this.failure;
      }
      if (this.pending.length < totalLength) {
        return;
      }
      const frame = Buffer.from(this.pending.subarray(0, totalLength));
      this.pending = this.pending.subarray(totalLength);
      yield frame;
    }
  }
}
