/**
 * School messaging, part "gate": 平安短信 from gate swipes, attendance and the arrival cut-off,
 * leave, and 亲情电话 (family numbers, call authorization and charging). Reached through the
 * school module's front door (`ctx.school.gate`).
 */
import type { SchoolDeps } from '../deps';
import { classAttendance, schoolAbsentees, studentAttendance } from './attendance';
import { authorizeCall } from './authorize-call';
import { familyPhone } from './family-phone';
import { cancelLeave, markLeave } from './mark-leave';
import { recordCall } from './record-call';
import { Batcher } from '../../../platform/batcher';
import * as repo from './gate.repo';
import { recordSwipes, writeSwipes, type PreparedSwipes, type WrittenSwipes } from './record-swipes';
import { runCutoff, runDueCutoffs } from './run-cutoff';
import { retryPendingSafety } from './send-safety';
import { setFamilyNumbers } from './set-family-numbers';

export type { AttendanceStatus, ClassDay, DayRecord, StudentDay, SwipeView } from './attendance';
export type { CallAnswer, CallRefusal } from './authorize-call';
export type { FamilyCall, FamilyNumber, FamilyPhone } from './family-phone';
export type { LeaveView } from './mark-leave';
export type { CallCharge } from './record-call';
export type { SwipeInput, SwipeResult } from './record-swipes';
export type { CutoffResult } from './run-cutoff';
export type { SwipeOutcome } from './rules';
export { MAX_BATCH } from './record-swipes';
export { MAX_FAMILY_NUMBERS } from './set-family-numbers';
export { OUTCOME_TITLES, minutesOf, swipeOutcome, safetyText } from './rules';
export { GateErrors, type DeviceRef } from './gate.errors';

export function gateApi(deps: SchoolDeps) {
  // Group commit: uploads from many gate readers at once share one transaction (one fsync), and
  // so do the "SMS queued" marks; a failing upload is retried alone (platform/batcher.ts).
  const swipeWriter = new Batcher<PreparedSwipes, WrittenSwipes>(
    (items) =>
      deps.database.transaction(async (trx) => {
        const out: PromiseSettledResult<WrittenSwipes>[] = [];
        for (const p of items) {
          out.push({ status: 'fulfilled', value: await writeSwipes(deps, trx, p) });
        }
        return out;
      }),
    100,
  );
  const sentMarker = new Batcher<{ id: string; ids: string[] }, null>(
    (items) =>
      deps.database.transaction(async (trx) => {
        for (const x of items) {
          await repo.setSwipeSms(trx, x.id, 'sent', x.ids);
        }
        return items.map(() => ({ status: 'fulfilled' as const, value: null }));
      }),
    500,
  );
  const batch = { writer: (p: PreparedSwipes) => swipeWriter.submit(p), mark: async (id: string, ids: string[]) => void (await sentMarker.submit({ id, ids })) };
  return {
    /** A gate reader's swipes (one or a batch): recorded once, safety SMS to subscribed guardians. */
    recordSwipes: (o: Parameters<typeof recordSwipes>[1]) => recordSwipes(deps, o, batch),
    /** Swipes whose SMS did not go out (a crash after commit): sends them (keyed, never twice). */
    retryPendingSafety: (o: { olderThanMs: number; limit?: number }) => retryPendingSafety(deps, o),
    /** Every school's arrival cut-off that is due today and has not run. */
    runDueCutoffs: () => runDueCutoffs(deps),
    runCutoff: (o: { schoolId: string; day: string }) => runCutoff(deps, o),
    markLeave: (o: { studentId: string; day: string; reason: string; by: string }) => markLeave(deps, o),
    cancelLeave: (o: { studentId: string; day: string }) => cancelLeave(deps, o),
    classAttendance: (o: { classId: string; day?: string }) => classAttendance(deps, o),
    schoolAbsentees: (o: { schoolId: string; day?: string }) => schoolAbsentees(deps, o),
    studentAttendance: (o: { studentId: string; days?: number }) => studentAttendance(deps, o),
    familyPhone: (studentId: string) => familyPhone(deps, studentId),
    setFamilyNumbers: (o: { studentId: string; numbers: readonly { phone: string; name: string }[]; by: string }) => setFamilyNumbers(deps, o),
    authorizeCall: (o: Parameters<typeof authorizeCall>[1]) => authorizeCall(deps, o),
    recordCall: (o: Parameters<typeof recordCall>[1]) => recordCall(deps, o),
  };
}
