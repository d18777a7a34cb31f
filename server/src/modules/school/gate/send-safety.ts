/**
 * Sends a recorded swipe's safety SMS to the student's guardians who take 平安短信 (bundled in
 * 家校互动), then marks the swipe sent. Keyed `safety:<swipeId>:<guardianId>`: run it again
 * (a retry after a crash, the sweeper job) and nobody is texted twice.
 */
import type { SchoolDeps } from '../deps';
import { businessTimeOfDay } from '../../../platform/business-time';
import * as repo from './gate.repo';
import { safetyText } from './rules';

export interface Recipient { userId: string; phone: string }

/** Guardians of these students who take the 'safety' service, by student. */
export async function safetyRecipients(deps: SchoolDeps, studentIds: readonly string[]): Promise<Map<string, Recipient[]>> {
  const out = new Map<string, Recipient[]>();
  if (studentIds.length === 0) {
    return out;
  }
  const holders = await deps.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: studentIds });
  const phones = holders.flatMap((h) => (h.phone ? [h.phone] : []));
  const subscribed = await deps.subscriptions.subscribedAmong(phones, 'safety');
  for (const h of holders) {
    if (h.phone && subscribed.has(h.phone)) {
      out.set(h.tenantId, [...(out.get(h.tenantId) ?? []), { userId: h.userId, phone: h.phone }]);
    }
  }
  return out;
}

/** Marks a swipe's SMS sent (a group-committing one is passed in by the front door). */
export type SentMarker = (swipeId: string, messageIds: string[]) => Promise<void>;

export async function sendSafety(
  deps: SchoolDeps,
  o: { swipe: repo.SwipeRow; studentName: string; schoolName: string; recipients: Recipient[] },
  mark: SentMarker = (id, ids) => repo.setSwipeSms(deps.db, id, 'sent', ids),
): Promise<string[]> {
  const { swipe } = o;
  const text = safetyText({ studentName: o.studentName, time: businessTimeOfDay(swipe.device_time, deps.timeZone), direction: swipe.direction, late: swipe.outcome === 'late_arrival' });
  const ids = await Promise.all(
    o.recipients.map(async (r) => {
      const sent = await deps.messaging.send({ to: r.phone, text, class: 'notice', service: 'safety', key: `safety:${swipe.id}:${r.userId}`, signature: o.schoolName });
      return sent.message.id;
    }),
  );
  await mark(swipe.id, ids);
  return ids;
}

/** Swipes whose SMS was meant but not marked sent (a crash after commit): send them now. */
export async function retryPendingSafety(deps: SchoolDeps, o: { olderThanMs: number; limit?: number }): Promise<number> {
  const rows = await repo.pendingSwipes(deps.db, deps.clock.now() - o.olderThanMs, o.limit ?? 500);
  const ids = [...new Set(rows.flatMap((r) => (r.student_id ? [r.student_id] : [])))];
  const students = new Map((await deps.org.roster({ studentIds: ids })).map((s) => [s.id, s]));
  const recipients = await safetyRecipients(deps, ids);
  const schools = new Map<string, string>();
  let n = 0;
  for (const r of rows) {
    const student = r.student_id ? students.get(r.student_id) : undefined;
    if (!student) {
      await repo.setSwipeSms(deps.db, r.id, 'none', []);
      continue;
    }
    if (!schools.has(r.school_id)) {
      schools.set(r.school_id, (await deps.org.getSchool(r.school_id)).name);
    }
    await sendSafety(deps, { swipe: r, studentName: student.name, schoolName: schools.get(r.school_id)!, recipients: recipients.get(student.id) ?? [] });
    n++;
  }
  return n;
}
