/**
 * The SMS text layer: pure functions, no I/O. Splitting MT text into CMPP segments, decoding
 * and reassembling MO text, keyword normalisation, and 号段 → carrier.
 */
export { SmsTextErrors, type SmsTextErrorCode } from './errors';
export {
  planSms,
  countSmsParts,
  smsEncodingOf,
  concatUdh,
  withSignature,
  hasSignature,
  SMS_LIMITS,
  MAX_SMS_PARTS,
  type SmsEncoding,
  type SmsPart,
  type SmsPlan,
  type PlanSmsOptions,
} from './segment';
export { decodeSmsPayload, splitUdh, hasUdh, MSG_FMT, BINARY_TEXT_PREFIX, type ConcatInfo, type SplitUdhResult } from './decode';
export {
  addPart,
  expire,
  emptyReassembly,
  type MoPart,
  type ReassembledMo,
  type PendingGroup,
  type ReassemblyState,
  type AddPartResult,
  type ExpireResult,
} from './reassemble';
export { normalizeMo, parseKeyword, foldWidth, type ParsedKeyword } from './normalize';
export { carrierOf, normalizeMsisdn, type Carrier } from './carrier';
