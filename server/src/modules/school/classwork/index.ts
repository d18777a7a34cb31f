/**
 * School messaging, part "classwork": a class's timetable, homework, exams and results (each
 * family sees only its own child's), and 办公短信 to a school's staff groups. Reached through
 * the school module's front door as `ctx.school.classwork`.
 */
import type { RoleGrant } from '../../identity';
import type { SchoolDeps } from '../deps';
import { createExam, type CreateExamOptions } from './create-exam';
import { deleteHomework } from './delete-homework';
import { enterResults, type ResultCell } from './enter-results';
import { listExams, resultsSheet } from './exams';
import { listHomework } from './homework';
import { publishExam } from './publish-exam';
import { postHomework, type PostHomeworkOptions } from './post-homework';
import { importResults, MAX_RESULTS_FILE_BYTES, resultsTemplate } from './results-file';
import { deleteStaffGroup, saveStaffGroup, type SaveStaffGroupOptions } from './save-staff-group';
import { sendStaffSms, type SendStaffSmsOptions } from './send-staff-sms';
import { schoolStaff, staffSchoolsOf } from './staff';
import { listStaffGroups } from './staff-groups';
import { listStaffMessages } from './staff-messages';
import { studentClasswork } from './student-classwork';
import { setTimetable, type SetTimetableOptions } from './set-timetable';
import { getTimetable } from './timetable';
import type { NotesSend } from './notify';
import { GRADES } from './scores';

export { ClassworkErrors } from './classwork.errors';
export type { Timetable, Slot } from './timetable';
export type { Homework } from './homework';
export type { Exam, ResultsSheet } from './exams';
export type { StudentClasswork, ChildResult } from './student-classwork';
export type { StaffGroup } from './staff-groups';
export type { StaffMember } from './staff';
export type { StaffMessage, DeliveryState } from './staff-messages';
export type { NotesSend, NoteSendOptions, NoteSendResult, Notified } from './notify';
export { GRADES, parseResult, formatScore } from './scores';
export { MAX_RESULTS_FILE_BYTES } from './results-file';

export function classworkApi(deps: SchoolDeps) {
  return {
    /** Grades a result may be instead of a score (优、良、缺考…). */
    grades: [...GRADES] as string[],
    /** The largest results file accepted (bytes). */
    maxResultsFileBytes: MAX_RESULTS_FILE_BYTES,
    timetable: (classId: string) => getTimetable(deps, classId),
    setTimetable: (o: SetTimetableOptions) => setTimetable(deps, o),
    homework: (o: { classId: string; limit?: number }) => listHomework(deps, o),
    postHomework: (o: PostHomeworkOptions) => postHomework(deps, o),
    deleteHomework: (o: { classId: string; homeworkId: string }) => deleteHomework(deps, o),
    exams: (classId: string) => listExams(deps, classId),
    createExam: (o: CreateExamOptions) => createExam(deps, o),
    resultsSheet: (o: { classId: string; examId: string }) => resultsSheet(deps, o),
    enterResults: (o: { classId: string; examId: string; cells: ResultCell[]; by: string }) => enterResults(deps, o),
    resultsTemplate: (o: { classId: string; examId: string }) => resultsTemplate(deps, o),
    /** `file`: the .xlsx bytes, or Base64 as uploaded. */
    importResults: (o: { classId: string; examId: string; file: Buffer | string; by: string }) => importResults(deps, o),
    publishExam: (o: { classId: string; examId: string; by: string; notify?: NotesSend | null }) => publishExam(deps, o),
    /** The parent portal: one child's timetable, homework and own results. */
    ofStudent: (studentId: string) => studentClasswork(deps, studentId),
    staff: (schoolId: string) => schoolStaff(deps, schoolId),
    staffSchoolsOf: (grants: readonly RoleGrant[]) => staffSchoolsOf(deps, grants),
    staffGroups: (schoolId: string) => listStaffGroups(deps, schoolId),
    saveStaffGroup: (o: SaveStaffGroupOptions) => saveStaffGroup(deps, o),
    deleteStaffGroup: (o: { schoolId: string; groupId: string }) => deleteStaffGroup(deps, o),
    sendStaffSms: (o: SendStaffSmsOptions) => sendStaffSms(deps, o),
    staffMessages: (o: { viewerId: string; schools: { schoolId: string; admin: boolean }[]; limit?: number }) => listStaffMessages(deps, o),
  };
}
