import type { MessageRow, MessageStatus, MoRow, PartRow, PartStatus } from './messaging.repo';

export interface MessageView {
  id: string;
  service: string;
  key: string;
  class: MessageRow['class'];
  to: string;
  carrier: string | null;
  srcId: string;
  text: string;
  encoding: string;
  parts: number;
  bulkId: string | null;
  replyToMoId: string | null;
  status: MessageStatus;
  reason: string | null;
  notBefore: number;
  gateway: string | null;
  createdAt: number;
  updatedAt: number;
  doneAt: number | null;
}

export interface PartView {
  seq: number;
  status: PartStatus;
  gateway: string | null;
  gatewayMsgId: string | null;
  attempts: number;
  error: string | null;
  reportStat: string | null;
  queuedAt: number;
  submittedAt: number | null;
  acceptedAt: number | null;
  doneAt: number | null;
}

export interface MoView {
  id: string;
  gateway: string;
  from: string;
  to: string;
  msgFmt: number;
  text: string;
  status: MoRow['status'];
  route: string | null;
  service: string | null;
  result: string | null;
  parts: number;
  receivedAt: number;
  handledAt: number | null;
}

export function messageView(r: MessageRow): MessageView {
  return {
    id: r.id,
    service: r.service,
    key: r.key,
    class: r.class,
    to: r.to_msisdn,
    carrier: r.carrier,
    srcId: r.src_id,
    text: r.text,
    encoding: r.encoding,
    parts: r.parts,
    bulkId: r.bulk_id,
    replyToMoId: r.reply_to_mo_id,
    status: r.status,
    reason: r.reason,
    notBefore: r.not_before,
    gateway: r.gateway,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    doneAt: r.done_at,
  };
}

export function partView(p: PartRow): PartView {
  return {
    seq: p.seq,
    status: p.status,
    gateway: p.gateway,
    gatewayMsgId: p.gateway_msg_id,
    attempts: p.attempts,
    error: p.error,
    reportStat: p.report_stat,
    queuedAt: p.queued_at,
    submittedAt: p.submitted_at,
    acceptedAt: p.accepted_at,
    doneAt: p.done_at,
  };
}

export function moView(m: MoRow): MoView {
  return {
    id: m.id,
    gateway: m.gateway,
    from: m.from_msisdn,
    to: m.to_code,
    msgFmt: m.msg_fmt,
    text: m.text,
    status: m.status,
    route: m.route,
    service: m.service,
    result: m.result,
    parts: m.udh_total ?? 1,
    receivedAt: m.received_at,
    handledAt: m.handled_at,
  };
}
