import type { MessagingDeps } from './deps';
import { MessagingErrors } from './messaging.errors';
import * as repo from './messaging.repo';
import { normalizeMsisdn } from './text';
import { messageView, moView, partView, type MessageView, type MoView, type PartView } from './views';

export interface MessageLife {
  message: MessageView;
  serviceTitle: string;
  parts: PartView[];
  replyTo: MoView | null;
}

export async function searchMessages(deps: MessagingDeps, s: Omit<repo.MessageSearch, 'limit' | 'offset'> & { limit?: number; offset?: number }) {
  const to = s.to === undefined || s.to === '' ? undefined : (normalizeMsisdn(s.to) ?? s.to);
  const { rows, total } = await repo.searchMessages(deps.db, { ...s, to, limit: s.limit ?? 50, offset: s.offset ?? 0 });
  return { items: rows.map(messageView), total };
}

export async function messageLife(deps: MessagingDeps, id: string): Promise<MessageLife> {
  const m = await repo.getMessage(deps.db, id);
  if (!m) {
    throw MessagingErrors.SMS_MESSAGE_NOT_FOUND({ id });
  }
  const mo = m.reply_to_mo_id === null ? undefined : await repo.getMo(deps.db, m.reply_to_mo_id);
  return { message: messageView(m), serviceTitle: deps.inbound.titleOf(m.service), parts: (await repo.partsOf(deps.db, id)).map(partView), replyTo: mo ? moView(mo) : null };
}

export async function searchMo(deps: MessagingDeps, f: { from?: string; limit?: number; offset?: number }) {
  const from = f.from === undefined || f.from === '' ? undefined : (normalizeMsisdn(f.from) ?? f.from);
  const { rows, total } = await repo.searchMo(deps.db, { from, limit: f.limit ?? 50, offset: f.offset ?? 0 });
  return { items: rows.map(moView), total };
}

export interface PhoneLine {
  direction: 'in' | 'out';
  at: number;
  text: string;
  /** The short code it came from (in) or went to (out). */
  peer: string;
  /** For messages to the phone: the platform's state of it. */
  status: string;
  id: string;
}

/** What a phone sees: messages that reached it, and what it sent (for the simulator page). */
export async function phoneConversation(deps: MessagingDeps, msisdn: string, limit = 100): Promise<PhoneLine[]> {
  const n = normalizeMsisdn(msisdn);
  if (n === null) {
    throw MessagingErrors.SMS_INVALID_NUMBER({ to: msisdn });
  }
  const [inbox, sent] = await Promise.all([repo.messagesTo(deps.db, n, limit), repo.moFrom(deps.db, n, limit)]);
  const lines: PhoneLine[] = [
    ...inbox.map((m) => ({ direction: 'in' as const, at: m.created_at, text: m.text, peer: m.src_id, status: m.status, id: m.id })),
    ...sent.map((m) => ({ direction: 'out' as const, at: m.received_at, text: m.text, peer: m.to_code, status: m.status, id: m.id })),
  ];
  // At the same instant the phone's own message comes first: a reply never precedes it.
  return lines.sort((a, b) => a.at - b.at || (a.direction === b.direction ? 0 : a.direction === 'out' ? -1 : 1)).slice(-limit);
}
