/**
 * An MO off the wire: decoded and stored, with its routing job, in one commit. The adapter
 * acknowledges it on the wire only after this resolves; a resent MO (same gateway message id)
 * is stored once.
 */
import { newId } from '../../platform/ids';
import { JOB_ROUTE_MO, type MessagingDeps } from './deps';
import * as repo from './messaging.repo';
import type { WireMo } from './ports';
import { decodeSmsPayload, normalizeMsisdn, splitUdh } from './text';

export async function receiveMo(deps: MessagingDeps, gateway: string, mo: WireMo): Promise<{ id: string; duplicate: boolean }> {
  const now = deps.clock.now();
  const { udh, body } = splitUdh(mo.content, mo.udhi);
  const long = udh !== null && udh.total > 1;
  const row: repo.MoRow = {
    id: newId(now),
    gateway,
    gateway_msg_id: mo.gatewayMsgId,
    from_msisdn: normalizeMsisdn(mo.from) ?? mo.from.slice(0, 32),
    to_code: mo.to.slice(0, 32),
    msg_fmt: mo.msgFmt,
    payload_hex: mo.content.toString('hex'),
    udh_ref: long ? udh.ref : null,
    udh_total: long ? udh.total : null,
    udh_seq: long ? udh.seq : null,
    text: decodeSmsPayload(body, mo.msgFmt),
    status: long ? 'part' : 'received',
    assembled_into: null,
    route: null,
    service: null,
    result: null,
    received_at: now,
    handled_at: null,
  };
  return deps.database.transaction(async (trx) => {
    const { row: stored, inserted } = await repo.insertMo(trx, row);
    if (inserted) {
      await deps.enqueue(trx, JOB_ROUTE_MO, { moId: stored.id });
    }
    return { id: stored.id, duplicate: !inserted };
  });
}
