/**
 * 校讯通 routes: 平安短信、考勤、亲情电话（含设备接口）.
 * - Device API (signed, action device.call): gate readers post swipes, school phones ask to
 *   place a call and report it. The device's school is its tenant; its type is checked.
 * - Console and parent portal: a class's attendance on a day, the school's absentees, leave,
 *   a child's recent days, and the child's family numbers and minutes.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../context';
import { actorRef, can } from '../../modules/identity';
import { toIso } from '../../platform/clock';
import { maskPhones } from '../../platform/logger';
import { deviceOf } from '../device/device.routes';
import { errors, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const SIGNED = '设备签名：见 docs/devices.md（X-Device-Id、X-Timestamp、X-Nonce、X-Signature）。';
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const IdParam = Type.Object({ id: Id });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD（北京时间）' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Swipe = Type.Object(
  {
    seq: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: '设备流水号（同一设备内唯一；重传同一流水号不会重复记录）' }),
    card: Type.String({ minLength: 4, maxLength: 20, description: '卡号' }),
    direction: Type.Enum(['in', 'out'], { description: 'in 进校 / out 离校' }),
    time: Type.Integer({ minimum: 1, description: '刷卡时间（设备时钟，毫秒时间戳）' }),
    gate: Type.Optional(Type.String({ maxLength: 20, description: '门名，如 东门' })),
  },
  { additionalProperties: false },
);
const SwipeOut = Type.Object({
  seq: Type.String(),
  result: Type.Enum(['accepted', 'duplicate', 'unknown_card'], { description: 'accepted 已记录 / duplicate 此前已记录（重传） / unknown_card 未登记的卡（已记录）' }),
  outcome: Type.String({ description: 'texted 已发平安短信 / late_arrival 迟到已发 / repeat 重复刷卡 / late_upload 补传超时不发 / before_gate_open 开门前 / no_subscriber 家长未开通 / unknown_card' }),
  swipeId: Type.String(),
  studentName: Nullable(Type.String()),
  sms: Type.Integer({ description: '本次发出的平安短信条数' }),
});
const SwipeView = Type.Object({ id: Type.String(), time: IsoTime, direction: Type.Enum(['in', 'out']), gate: Nullable(Type.String()), outcome: Type.String(), sms: Type.Integer() });
const Status = Type.Enum(['present', 'late', 'absent', 'leave', 'pending', 'no_school'], { description: 'present 到校 / late 迟到 / absent 缺勤 / leave 请假 / pending 未到（截止前） / no_school 非上课日' });
const DayRecordSchema = Type.Object(
  {
    day: Type.String(),
    schoolDay: Type.Boolean(),
    status: Status,
    arrivedAt: NullableIsoTime,
    leftAt: NullableIsoTime,
    leaveReason: Nullable(Type.String()),
    absentNotifiedAt: NullableIsoTime,
    sms: Type.Integer({ description: '当天发给家长的平安/缺勤短信条数' }),
  },
  { $id: 'AttendanceDay', title: 'AttendanceDay' },
);
const StudentDaySchema = Type.Object(
  {
    studentId: Type.String(),
    studentNo: Type.String(),
    name: Type.String(),
    classId: Type.String(),
    className: Type.Optional(Type.String()),
    cardNo: Nullable(Type.String()),
    day: Type.String(),
    schoolDay: Type.Boolean(),
    status: Status,
    arrivedAt: NullableIsoTime,
    leftAt: NullableIsoTime,
    leaveReason: Nullable(Type.String()),
    absentNotifiedAt: NullableIsoTime,
    sms: Type.Integer(),
    swipes: Type.Array(SwipeView),
  },
  { $id: 'StudentAttendance', title: 'StudentAttendance' },
);
const ClassDaySchema = Type.Object({
  day: Type.String(),
  schoolDay: Type.Boolean(),
  cutoff: Type.String({ description: '到校截止时间 HH:MM' }),
  cutoffRan: Type.Boolean({ description: '截止检查是否已进行（缺勤通知已发出）' }),
  students: Type.Array(StudentDaySchema),
});
const FamilyPhoneSchema = Type.Object(
  {
    studentId: Type.String(),
    numbers: Type.Array(Type.Object({ slot: Type.Integer(), phone: Type.String(), name: Type.String(), setAt: IsoTime })),
    active: Type.Boolean({ description: '亲情电话是否已开通（任一家长开通了家校互动）' }),
    month: Type.String({ description: '本月 YYYY-MM' }),
    minutesAllowed: Type.Integer(),
    minutesUsed: Type.Integer(),
    minutesLeft: Type.Integer(),
    otherCarriersAllowed: Type.Boolean(),
    calls: Type.Array(
      Type.Object({ id: Type.String(), number: Type.String(), authorizedAt: IsoTime, allowedSeconds: Type.Integer(), startedAt: NullableIsoTime, durationSeconds: Nullable(Type.Integer()), minutesCharged: Nullable(Type.Integer()) }),
    ),
  },
  { $id: 'FamilyPhone', title: 'FamilyPhone' },
);

type Gate = AppContext['school']['gate'];
type DayRecord = Awaited<ReturnType<Gate['studentAttendance']>>[number];
type StudentDay = Awaited<ReturnType<Gate['classAttendance']>>['students'][number];
type FamilyPhone = Awaited<ReturnType<Gate['familyPhone']>>;
/** At most this many swipes in one upload (the module says the same in Chinese when over). */
const MAX_BATCH = 500;

const iso = (t: number | null) => (t === null ? null : toIso(t));
const swipeOut = (d: StudentDay['swipes'][number]) => ({ ...d, time: toIso(d.time) });
const dayOut = (d: DayRecord) => ({ ...d, arrivedAt: iso(d.arrivedAt), leftAt: iso(d.leftAt), absentNotifiedAt: iso(d.absentNotifiedAt) });
const studentDayOut = (d: StudentDay, className?: string) => ({ ...dayOut(d), studentId: d.studentId, studentNo: d.studentNo, name: d.name, classId: d.classId, className, cardNo: d.cardNo, swipes: d.swipes.map(swipeOut) });
/** Family numbers are relatives' phones: shown to those who set them (guardians, the school's admin, operators), masked to teachers and 客服. */
const familyOut = (f: FamilyPhone, reveal: boolean) => {
  const phone = (n: string) => (reveal ? n : maskPhones(n));
  return {
    ...f,
    numbers: f.numbers.map((n) => ({ slot: n.slot, phone: phone(n.phone), name: n.name, setAt: toIso(n.setAt) })),
    calls: f.calls.map((c) => ({ ...c, number: phone(c.number), authorizedAt: toIso(c.authorizedAt), startedAt: iso(c.startedAt) })),
  };
};

function idOf(request: FastifyRequest): string {
  const id = (request.params as { id?: unknown }).id;
  return typeof id === 'string' ? id : '';
}

export function gateRoutes(app: Http, ctx: AppContext): void {
  const tags = ['平安短信与亲情电话'];
  const deviceTags = ['设备接口'];
  const scope = (kind: 'school' | 'class' | 'student') => ({ scope: (r: FastifyRequest) => ctx.org.scopeOf(kind, idOf(r)) });
  const by = (r: FastifyRequest) => actorRef(r.actor) ?? r.actor.kind;

  // —— Device API ——
  app.post(
    '/api/device/gate/swipes',
    {
      config: { action: 'device.call' },
      schema: {
        tags: deviceTags,
        summary: '闸机上传刷卡记录：一条，或离线积攒的一批（{ swipes: [...] }，最多 500 条）',
        description: `${SIGNED} 整批在一个事务里记录；格式不对时整批不记录（400）。同一设备的同一流水号只记录一次，重传答 duplicate。进校、离校给订了平安短信的家长发短信；${'重复刷卡、补传超时、开门前的刷卡只记录不发'}。`,
        body: Type.Union([Swipe, Type.Object({ swipes: Type.Array(Swipe, { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false })]),
        response: {
          200: Type.Object({ results: Type.Array(SwipeOut), accepted: Type.Integer(), duplicates: Type.Integer(), unknownCards: Type.Integer() }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const swipes = 'swipes' in request.body ? request.body.swipes : [request.body];
      const results = await ctx.school.gate.recordSwipes({ schoolId: device.tenantId, deviceId: device.deviceId, device, swipes });
      const count = (r: string) => results.filter((x) => x.result === r).length;
      return { results, accepted: count('accepted'), duplicates: count('duplicate'), unknownCards: count('unknown_card') };
    },
  );

  app.post(
    '/api/device/phone/authorize',
    {
      config: { action: 'device.call' },
      schema: {
        tags: deviceTags,
        summary: '亲情电话机申请通话：刷卡 + 拨打的号码，答是否可以拨打和允许的秒数',
        description: `${SIGNED} 号码须是该学生的亲情号码、业务已开通、本月还有分钟数。同一 callId 再问答同样的结果。`,
        body: Type.Object(
          {
            callId: Type.String({ minLength: 1, maxLength: 64, description: '设备为这次通话编的号（设备内唯一）' }),
            card: Type.String({ minLength: 1, maxLength: 20, description: '学生卡号' }),
            number: Type.String({ minLength: 1, maxLength: 20, description: '拨打的号码' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            allowed: Type.Boolean(),
            seconds: Type.Integer({ description: '允许通话的秒数（本月剩余分钟 × 60）' }),
            reason: Nullable(Type.Enum(['unknown_card', 'not_listed', 'inactive', 'no_minutes', 'other_carrier'])),
            message: Type.String({ description: '给话机屏幕显示的中文说明' }),
            studentName: Nullable(Type.String()),
            minutesLeft: Type.Integer(),
          }),
          ...errors(400, 401, 403, 409),
        },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      return ctx.school.gate.authorizeCall({ schoolId: device.tenantId, deviceId: device.deviceId, device, ...request.body });
    },
  );

  app.post(
    '/api/device/phone/calls',
    {
      config: { action: 'device.call' },
      schema: {
        tags: deviceTags,
        summary: '亲情电话机上报通话记录：按分钟（不足一分钟按一分钟）扣本月分钟数',
        description: `${SIGNED} 以 callId 幂等：同样的上报再来答同样的结果，不重复扣。`,
        body: Type.Object(
          {
            callId: Type.String({ minLength: 1, maxLength: 64 }),
            card: Type.Optional(Type.String({ maxLength: 20 })),
            number: Type.Optional(Type.String({ maxLength: 20 })),
            startedAt: Type.Integer({ minimum: 1, description: '接通时间（毫秒时间戳）' }),
            durationSeconds: Type.Integer({ minimum: 0, maximum: 86_400, description: '通话秒数' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ callId: Type.String(), minutesCharged: Type.Integer(), minutesUsed: Type.Integer({ description: '本月已用分钟' }), minutesLeft: Type.Integer(), capped: Type.Boolean(), replay: Type.Boolean() }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const { callId, startedAt, durationSeconds } = request.body;
      return ctx.school.gate.recordCall({ schoolId: device.tenantId, deviceId: device.deviceId, device, callId, startedAt, durationSeconds });
    },
  );

  // —— Console and portal ——
  app.get(
    '/api/classes/:id/attendance',
    {
      config: { action: 'class.read', ...scope('class') },
      schema: {
        tags,
        summary: '班级某天的考勤：每个学生的到校、离校、缺勤/请假/迟到和发出的短信',
        params: IdParam,
        querystring: Type.Object({ day: Type.Optional(Day) }, { additionalProperties: false }),
        response: { 200: ClassDaySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const r = await ctx.school.gate.classAttendance({ classId: request.params.id, day: request.query.day });
      return { ...r, students: r.students.map((s) => studentDayOut(s)) };
    },
  );

  app.get(
    '/api/schools/:id/absentees',
    {
      config: { action: 'attendance.manage', ...scope('school') },
      schema: {
        tags,
        summary: '全校某天的缺勤名单（到校截止时间后）',
        params: IdParam,
        querystring: Type.Object({ day: Type.Optional(Day) }, { additionalProperties: false }),
        response: { 200: ClassDaySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const r = await ctx.school.gate.schoolAbsentees({ schoolId: request.params.id, day: request.query.day });
      return { day: r.day, schoolDay: r.schoolDay, cutoff: r.cutoff, cutoffRan: r.cutoffRan, students: r.students.map((s) => studentDayOut(s, r.classNames[s.classId])) };
    },
  );

  app.get(
    '/api/schools/:id/gate-cards',
    {
      config: { action: 'attendance.manage', ...scope('school') },
      schema: {
        tags,
        summary: '全校已登记卡号的学生（设备模拟器选卡用）',
        params: IdParam,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ cardNo: Type.String(), studentId: Type.String(), name: Type.String(), classId: Type.String() })) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      await ctx.org.getSchool(request.params.id);
      const roster = await ctx.org.roster({ schoolId: request.params.id });
      return { items: roster.flatMap((s) => (s.cardNo ? [{ cardNo: s.cardNo, studentId: s.id, name: s.name, classId: s.classId }] : [])) };
    },
  );

  app.put(
    '/api/students/:id/leave',
    {
      config: { action: 'attendance.manage', ...scope('student') },
      schema: {
        tags,
        summary: '登记请假（当天须在到校截止时间前）：请假的学生不发缺勤通知',
        params: IdParam,
        body: Type.Object({ day: Day, reason: Type.String({ minLength: 1, maxLength: 40, description: '请假原因，如 病假' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ studentId: Type.String(), day: Type.String(), reason: Type.String(), markedAt: IsoTime }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const r = await ctx.school.gate.markLeave({ studentId: request.params.id, day: request.body.day, reason: request.body.reason, by: by(request) });
      return { studentId: r.studentId, day: r.day, reason: r.reason, markedAt: toIso(r.markedAt) };
    },
  );

  app.delete(
    '/api/students/:id/leave',
    {
      config: { action: 'attendance.manage', ...scope('student') },
      schema: {
        tags,
        summary: '取消请假（当天须在到校截止时间前）',
        params: IdParam,
        querystring: Type.Object({ day: Day }, { additionalProperties: false }),
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await ctx.school.gate.cancelLeave({ studentId: request.params.id, day: request.query.day });
      return { ok: true };
    },
  );

  app.get(
    '/api/students/:id/attendance',
    {
      config: { action: 'student.read', ...scope('student') },
      schema: {
        tags,
        summary: '孩子最近的考勤（今天在前；不含没有记录的非上课日）',
        params: IdParam,
        querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 62 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(DayRecordSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: (await ctx.school.gate.studentAttendance({ studentId: request.params.id, days: request.query.days })).map(dayOut) }),
  );

  app.get(
    '/api/students/:id/family-numbers',
    {
      config: { action: 'student.read', ...scope('student') },
      schema: { tags, summary: '孩子的亲情号码、本月已用分钟和最近通话', params: IdParam, response: { 200: FamilyPhoneSchema, ...errors(401, 403, 404) } },
    },
    async (request) => familyOut(await ctx.school.gate.familyPhone(request.params.id), can(request.actor, 'family.manage', request.scope ?? {})),
  );

  app.put(
    '/api/students/:id/family-numbers',
    {
      config: { action: 'family.manage', ...scope('student') },
      schema: {
        tags,
        summary: '设置孩子的亲情号码（最多 3 个，整组替换）',
        params: IdParam,
        body: Type.Object(
          {
            numbers: Type.Array(Type.Object({ phone: Type.String({ minLength: 1, maxLength: 20 }), name: Type.String({ maxLength: 20, description: '称呼，如 妈妈、奶奶' }) }, { additionalProperties: false }), {
              maxItems: 10,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: FamilyPhoneSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => familyOut(await ctx.school.gate.setFamilyNumbers({ studentId: request.params.id, numbers: request.body.numbers, by: by(request) }), true),
  );
}
