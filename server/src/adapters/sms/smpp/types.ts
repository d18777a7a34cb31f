/**
 * Typings for the part of `smpp` (node-smpp 0.5.1) we use; the package ships none. Only what
 * `lib.ts`, the gateway and the simulator touch is declared.
 *
 * This is a plain module (not an ambient `declare module 'smpp'`): the root tsconfig reaches
 * server code only through test imports, so an ambient shim in server/src would not be seen
 * there. `lib.ts` loads the package with `createRequire` and casts it to `SmppModule`.
 */
import type { Server as NetServer, Socket } from 'node:net';

/** PDU fields by name: mandatory parameters and the TLVs we use. */
export interface SmppPduFields {
  command_status?: number;
  sequence_number?: number;
  // bind_*
  system_id?: string;
  password?: string;
  system_type?: string;
  interface_version?: number;
  addr_ton?: number;
  addr_npi?: number;
  address_range?: string;
  // submit_sm, deliver_sm
  service_type?: string;
  source_addr_ton?: number;
  source_addr_npi?: number;
  source_addr?: string;
  dest_addr_ton?: number;
  dest_addr_npi?: number;
  destination_addr?: string;
  esm_class?: number;
  protocol_id?: number;
  priority_flag?: number;
  registered_delivery?: number;
  data_coding?: number;
  /** Raw bytes: `lib.ts` turns node-smpp's text decoding off. Always pass a Buffer. */
  short_message?: Buffer;
  // *_resp
  message_id?: string;
  // TLVs
  receipted_message_id?: string;
  message_state?: number;
  message_payload?: Buffer;
  network_error_code?: Buffer;
}

export interface SmppPdu extends SmppPduFields {
  /** 'bind_transceiver', 'submit_sm_resp', 'generic_nack', … or 'unknown'. */
  command: string;
  command_id: number;
  command_length: number;
  command_status: number;
  sequence_number: number;
  isResponse(): boolean;
  /** The response PDU for this request (same sequence number); `generic_nack` for 'unknown'. */
  response(fields?: SmppPduFields): SmppPdu;
  toBuffer(): Buffer;
}

export type SmppPduConstructor = new (command: string, fields?: SmppPduFields) => SmppPdu;

/** One SMPP connection, client or server side. Events: connect, pdu, close, error. */
export interface SmppSession {
  readonly socket: Socket;
  /**
   * Writes the PDU; assigns `pdu.sequence_number` (synchronously) for a request that has none.
   * Returns false, and writes nothing, when the socket is no longer writable.
   */
  send(pdu: SmppPdu, responseCallback?: (resp: SmppPdu) => void, sendCallback?: (pdu: SmppPdu) => void): boolean;
  /** Ends the socket gracefully. */
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
  pause(): void;
  resume(): void;
  on(event: 'connect' | 'close', listener: () => void): this;
  on(event: 'pdu', listener: (pdu: SmppPdu) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  once(event: 'close', listener: () => void): this;
  removeAllListeners(event?: string): this;
}

export interface SmppServer extends NetServer {
  sessions: SmppSession[];
}

/** node-smpp's per-field value filter (text codecs, time formats). */
export interface SmppFilter {
  encode(this: SmppPdu, value: unknown): unknown;
  decode(this: SmppPdu, value: unknown, skipUdh?: boolean): unknown;
}

export interface SmppParamDef {
  filter?: SmppFilter;
}

export interface SmppModule {
  connect(options: { host: string; port: number }, listener?: () => void): SmppSession;
  createServer(options: Record<string, unknown>, listener: (session: SmppSession) => void): SmppServer;
  PDU: SmppPduConstructor;
  commands: Record<string, { id: number; params?: Record<string, SmppParamDef> } | undefined>;
  tlvs: Record<string, { id: number; filter?: SmppFilter } | undefined>;
  /** ESME_ROK, ESME_RTHROTTLED, … by name. */
  errors: Record<string, number>;
}
