import type { MessagingDeps } from './deps';
import { MessagingErrors } from './messaging.errors';
import * as repo from './messaging.repo';
import { normalizeMsisdn } from './text';

export interface OptoutView {
  msisdn: string;
  service: string;
  serviceTitle: string;
  source: string;
  note: string | null;
  createdAt: number;
}

function number(deps: MessagingDeps, input: string): string {
  const n = normalizeMsisdn(input);
  if (n === null) {
    throw MessagingErrors.SMS_INVALID_NUMBER({ to: input });
  }
  return n;
}

function checkService(service: string): void {
  if (service !== '*' && !/^[a-z][a-z0-9_.-]{0,31}$/.test(service)) {
    throw MessagingErrors.SMS_INVALID_REQUEST({ field: 'service' }, '业务代码应为 * 或小写字母开头的业务代码');
  }
}

/** Records an opt-out ('*' = every service). Returns false if it was already there. */
export async function addOptout(deps: MessagingDeps, o: { msisdn: string; service: string; source: 'sms' | 'console' | 'api'; note?: string }): Promise<boolean> {
  const msisdn = number(deps, o.msisdn);
  checkService(o.service);
  return repo.insertOptout(deps.db, { msisdn, service: o.service, source: o.source, note: o.note ?? null, created_at: deps.clock.now() });
}

export async function removeOptout(deps: MessagingDeps, o: { msisdn: string; service: string }): Promise<boolean> {
  checkService(o.service);
  return repo.deleteOptout(deps.db, number(deps, o.msisdn), o.service);
}

export async function listOptouts(deps: MessagingDeps, f: { msisdn?: string; limit?: number; offset?: number }): Promise<{ items: OptoutView[]; total: number }> {
  const msisdn = f.msisdn === undefined || f.msisdn === '' ? undefined : number(deps, f.msisdn);
  const { rows, total } = await repo.listOptouts(deps.db, { msisdn, limit: f.limit ?? 50, offset: f.offset ?? 0 });
  return {
    items: rows.map((r) => ({
      msisdn: r.msisdn,
      service: r.service,
      serviceTitle: r.service === '*' ? '全部短信' : deps.inbound.titleOf(r.service),
      source: r.source,
      note: r.note,
      createdAt: r.created_at,
    })),
    total,
  };
}
