/**
 * 校讯通 school messaging (seed 001): rosters and their import, teachers' notes and parents'
 * replies, the BZR mailbox, safety SMS at the gate and attendance, 亲情电话, the parent portal's
 * classwork (timetable, homework, results) and staff SMS. The front door of the module: each
 * part is a namespace of use-cases (roster, notes, gate, classwork), plus the schools' settings
 * and calendar that every part reads.
 */
import { classworkApi } from './classwork';
import type { SchoolDeps } from './deps';
import { gateApi } from './gate';
import { notesApi } from './notes';
import { rosterApi } from './roster';
import { getSettings, isSchoolDay, listCalendar, setCalendarDay, today, updateSettings, type SettingsPatch } from './settings';

export type { SchoolDeps } from './deps';
export type { CalendarDay, SchoolSettings, SettingsPatch } from './settings';
export { DEFAULT_SETTINGS } from './settings';
export { SchoolErrors } from './school.errors';
export type { ApplyResult, ImportLine, RosterImport, StudentOp, TeacherOp } from './roster';
export { RosterErrors } from './roster';

export function schoolModule(deps: SchoolDeps) {
  return {
    settings: {
      get: (schoolId: string) => getSettings(deps, schoolId),
      update: (schoolId: string, patch: SettingsPatch, by: string) => updateSettings(deps, schoolId, patch, by),
    },
    calendar: {
      list: (schoolId: string, from: string, to: string) => listCalendar(deps, schoolId, from, to),
      set: (schoolId: string, o: Parameters<typeof setCalendarDay>[2]) => setCalendarDay(deps, schoolId, o),
      isSchoolDay: (schoolId: string, day: string) => isSchoolDay(deps, schoolId, day),
      /** Today's date at the schools (Asia/Shanghai), 'YYYY-MM-DD'. */
      today: () => today(deps),
    },
    roster: rosterApi(deps),
    notes: notesApi(deps),
    gate: gateApi(deps),
    classwork: classworkApi(deps),
  };
}

export type SchoolModule = ReturnType<typeof schoolModule>;
