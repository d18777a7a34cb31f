/**
 * Each school's gate times, cut-off, quiet hours and family-phone allowance, and its calendar
 * (school days and holidays). Without a row a school has the defaults below; without a
 * calendar entry a day is a school day when its weekday is in `schoolDays`.
 */
import type { Kysely } from 'kysely';
import { addDays, businessDate } from '../../platform/business-time';
import type { Db } from '../../platform/db/database';
import type { SchoolDeps } from './deps';
import { SchoolErrors } from './school.errors';

export interface SchoolSettings {
  schoolId: string;
  /** Local 'HH:MM': swipes before this are not arrivals (night watchmen, early cleaning). */
  gateOpen: string;
  /** Local 'HH:MM': a student without an arrival by then is absent; guardians are told. */
  arriveCutoff: string;
  /** Local 'HH:MM': an 'out' swipe from this time is a normal departure. */
  leaveFrom: string;
  /** Local 'HH:MM' – 'HH:MM': teachers' notes written in this window wait until `quietUntil` unless urgent. */
  quietFrom: string;
  quietUntil: string;
  /** Repeated swipes of one card in one direction within this many minutes send one SMS. */
  dedupeMinutes: number;
  /** Swipes uploaded later than this after they happened are recorded but not texted. */
  lateUploadMinutes: number;
  /** 亲情电话 minutes per student per month. */
  familyMinutes: number;
  /** Whether family numbers of other carriers may be called (an operator's setting). */
  familyOtherCarriers: boolean;
  /** ISO weekdays that are school days unless the calendar says otherwise: '12345' = Mon–Fri. */
  schoolDays: string;
  updatedAt: number | null;
}

export const DEFAULT_SETTINGS: Omit<SchoolSettings, 'schoolId' | 'updatedAt'> = {
  gateOpen: '06:00',
  arriveCutoff: '08:30',
  leaveFrom: '11:30',
  quietFrom: '21:00',
  quietUntil: '07:00',
  dedupeMinutes: 5,
  lateUploadMinutes: 30,
  familyMinutes: 60,
  familyOtherCarriers: false,
  schoolDays: '12345',
};

interface SettingsRow {
  school_id: string;
  gate_open: string;
  arrive_cutoff: string;
  leave_from: string;
  quiet_from: string;
  quiet_until: string;
  dedupe_minutes: number;
  late_upload_minutes: number;
  family_minutes: number;
  family_other_carriers: number;
  school_days: string;
  updated_by: string | null;
  updated_at: number;
}
interface CalendarRow {
  school_id: string;
  day: string;
  kind: 'school_day' | 'holiday';
  note: string | null;
  updated_at: number;
}
const t = (db: Db) => db as unknown as Kysely<{ school_settings: SettingsRow; school_calendar: CalendarRow }>;

function view(schoolId: string, r: SettingsRow | undefined): SchoolSettings {
  if (!r) {
    return { schoolId, ...DEFAULT_SETTINGS, updatedAt: null };
  }
  return {
    schoolId,
    gateOpen: r.gate_open,
    arriveCutoff: r.arrive_cutoff,
    leaveFrom: r.leave_from,
    quietFrom: r.quiet_from,
    quietUntil: r.quiet_until,
    dedupeMinutes: Number(r.dedupe_minutes),
    lateUploadMinutes: Number(r.late_upload_minutes),
    familyMinutes: Number(r.family_minutes),
    familyOtherCarriers: Number(r.family_other_carriers) === 1,
    schoolDays: r.school_days,
    updatedAt: Number(r.updated_at),
  };
}

export async function getSettings(deps: SchoolDeps, schoolId: string): Promise<SchoolSettings> {
  return view(schoolId, await t(deps.db).selectFrom('school_settings').selectAll().where('school_id', '=', schoolId).executeTakeFirst());
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIME_FIELDS = ['gateOpen', 'arriveCutoff', 'leaveFrom', 'quietFrom', 'quietUntil'] as const;
const TIME_TITLES: Record<(typeof TIME_FIELDS)[number], string> = { gateOpen: '开门时间', arriveCutoff: '到校截止时间', leaveFrom: '放学时间', quietFrom: '夜间免打扰开始', quietUntil: '夜间免打扰结束' };

export type SettingsPatch = Partial<Omit<SchoolSettings, 'schoolId' | 'updatedAt'>>;

/** Changes a school's settings; only what is given changes. Bad values change nothing. */
export async function updateSettings(deps: SchoolDeps, schoolId: string, patch: SettingsPatch, by: string): Promise<SchoolSettings> {
  await deps.org.getSchool(schoolId);
  const next = { ...(await getSettings(deps, schoolId)), ...patch };
  for (const f of TIME_FIELDS) {
    if (!HHMM.test(next[f])) {
      throw SchoolErrors.SETTINGS_INVALID({ field: f }, `${TIME_TITLES[f]}应为 24 小时制的 时:分，如 08:30`);
    }
  }
  if (!(next.gateOpen < next.arriveCutoff)) {
    throw SchoolErrors.SETTINGS_INVALID({ field: 'arriveCutoff' }, '到校截止时间应晚于开门时间');
  }
  const ints: [keyof SettingsPatch, number, number, string][] = [
    ['dedupeMinutes', 0, 120, '重复刷卡合并分钟数为 0 到 120'],
    ['lateUploadMinutes', 1, 24 * 60, '补传不发短信的分钟数为 1 到 1440'],
    ['familyMinutes', 0, 6000, '每月亲情电话分钟数为 0 到 6000'],
  ];
  for (const [f, lo, hi, msg] of ints) {
    const v = next[f] as number;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw SchoolErrors.SETTINGS_INVALID({ field: f }, msg);
    }
  }
  if (!/^[1-7]{0,7}$/.test(next.schoolDays) || new Set(next.schoolDays).size !== next.schoolDays.length) {
    throw SchoolErrors.SETTINGS_INVALID({ field: 'schoolDays' }, '上课日为 1（周一）到 7（周日）的数字，如 12345');
  }
  const now = deps.clock.now();
  const row: SettingsRow = {
    school_id: schoolId,
    gate_open: next.gateOpen,
    arrive_cutoff: next.arriveCutoff,
    leave_from: next.leaveFrom,
    quiet_from: next.quietFrom,
    quiet_until: next.quietUntil,
    dedupe_minutes: next.dedupeMinutes,
    late_upload_minutes: next.lateUploadMinutes,
    family_minutes: next.familyMinutes,
    family_other_carriers: next.familyOtherCarriers ? 1 : 0,
    school_days: [...next.schoolDays].sort().join(''),
    updated_by: by,
    updated_at: now,
  };
  const { school_id: _id, ...set } = row;
  await t(deps.db).insertInto('school_settings').values(row).onConflict((oc) => oc.column('school_id').doUpdateSet(set)).execute();
  return getSettings(deps, schoolId);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(day: string): string {
  if (!DAY.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw SchoolErrors.SETTINGS_INVALID({ field: 'day' }, '日期格式为 YYYY-MM-DD');
  }
  return day;
}

/** ISO weekday (1 = Monday) of a calendar date. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export interface CalendarDay { day: string; kind: 'school_day' | 'holiday'; note: string | null }

/** The calendar's exceptions between two dates (inclusive). */
export async function listCalendar(deps: SchoolDeps, schoolId: string, from: string, to: string): Promise<CalendarDay[]> {
  if (checkDay(from) > checkDay(to)) {
    throw SchoolErrors.SETTINGS_INVALID({ field: 'to' }, '结束日期不能早于开始日期');
  }
  if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > 400 * 86_400_000) {
    throw SchoolErrors.SETTINGS_INVALID({ field: 'to' }, '一次最多查询 400 天的校历');
  }
  const rows = await t(deps.db)
    .selectFrom('school_calendar')
    .select(['day', 'kind', 'note'])
    .where('school_id', '=', schoolId)
    .where('day', '>=', checkDay(from))
    .where('day', '<=', checkDay(to))
    .orderBy('day')
    .execute();
  return rows;
}

/** Marks a day a holiday or an extra school day (a make-up Saturday), or clears the mark (kind null). */
export async function setCalendarDay(deps: SchoolDeps, schoolId: string, o: { day: string; kind: 'school_day' | 'holiday' | null; note?: string | null }): Promise<void> {
  await deps.org.getSchool(schoolId);
  const day = checkDay(o.day);
  if (o.kind === null) {
    await t(deps.db).deleteFrom('school_calendar').where('school_id', '=', schoolId).where('day', '=', day).execute();
    return;
  }
  const note = o.note?.trim().slice(0, 40) || null;
  const now = deps.clock.now();
  await t(deps.db)
    .insertInto('school_calendar')
    .values({ school_id: schoolId, day, kind: o.kind, note, updated_at: now })
    .onConflict((oc) => oc.columns(['school_id', 'day']).doUpdateSet({ kind: o.kind as 'school_day' | 'holiday', note, updated_at: now }))
    .execute();
}

/** The school days between two dates (inclusive): the calendar's marks, else the weekday rule. One read of each. */
export async function schoolDaysBetween(deps: SchoolDeps, schoolId: string, from: string, to: string): Promise<Set<string>> {
  const [marks, settings] = await Promise.all([listCalendar(deps, schoolId, from, to), getSettings(deps, schoolId)]);
  const marked = new Map(marks.map((m) => [m.day, m.kind]));
  const out = new Set<string>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const kind = marked.get(day);
    if (kind === undefined ? settings.schoolDays.includes(String(isoWeekday(day))) : kind === 'school_day') {
      out.add(day);
    }
  }
  return out;
}

/** Whether a date is a school day at a school. */
export async function isSchoolDay(deps: SchoolDeps, schoolId: string, day: string): Promise<boolean> {
  return (await schoolDaysBetween(deps, schoolId, day, day)).has(day);
}

/** Today's date at the school (Asia/Shanghai). */
export function today(deps: SchoolDeps): string {
  return businessDate(deps.clock.now(), deps.timeZone);
}
