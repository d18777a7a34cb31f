/**
 * A 通知 to a whole school of 1,800 students (3,600 guardians, each with a phone, so 3,600 SMS)
 * enqueued: the note, 3,600 family copies and 3,600 queued SMS (with their parts) written, from
 * the call to its return. Target ≤ 1 s. Also a 作业 to the same school when every guardian
 * subscribes (the subscription lookup on top).
 * Baseline (same run, same database): the simplest hand-written code doing the same table work —
 * one roster-and-guardians query, then the note, the recipients and the same SMS rows and parts
 * inserted in one transaction with multi-row inserts.
 * Run: node --import tsx -e "import('./bench/school/notes.ts').then(m => m.run({database:'sqlite'})).then(r => console.log(r))"
 */
import { benchContext, median, withFreshDatabase, type BenchRow, type DatabaseKind } from './common';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../server/src/context';
import { type Db } from '../../server/src/platform/db/database';
import { newId } from '../../server/src/platform/ids';

const CLASSES = 36;
const PER_CLASS = 50;
const GUARDIANS_PER_STUDENT = 2;
const RUNS = 3;

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
const any = (db: Db) => db as unknown as AnyDb;

async function insertMany(db: Db, table: string, rows: Record<string, unknown>[], chunk = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await any(db).insertInto(table).values(rows.slice(i, i + chunk)).execute();
  }
}

/** The school, its classes and students, and two guardians per student (raw rows: no password hashing). */
async function buildSchool(ctx: AppContext): Promise<{ schoolId: string; adminId: string; phones: string[] }> {
  const db = ctx.database.db;
  const now = Date.now();
  const schoolId = (await ctx.org.createSchool({ code: 'BENCH01', name: '基准小学' })).id;
  const admin = await ctx.identity.createUser({ login: 'bench-admin', name: '刘主任', phone: '13600000000', roles: [{ role: 'school_admin', tenantType: 'school', tenantId: schoolId }] });
  const students: Record<string, unknown>[] = [];
  const users: Record<string, unknown>[] = [];
  const roles: Record<string, unknown>[] = [];
  const phones: string[] = [];
  for (let c = 0; c < CLASSES; c++) {
    const classId = (await ctx.org.createClass({ schoolId, grade: 1 + (c % 6), name: `${1 + (c % 6)}年级(${1 + Math.floor(c / 6)})班` })).id;
    for (let s = 0; s < PER_CLASS; s++) {
      const n = c * PER_CLASS + s;
      const id = newId(now);
      students.push({ id, school_id: schoolId, class_id: classId, student_no: `B${String(n).padStart(5, '0')}`, name: `学生${n}`, status: 'active', created_at: now, updated_at: now });
      for (let g = 0; g < GUARDIANS_PER_STUDENT; g++) {
        const uid = newId(now);
        // Numbers ending in 0–2 or 8–9: the simulator delivers them (not that anything is sent here).
        const phone = `137${String(n * GUARDIANS_PER_STUDENT + g).padStart(7, '0')}0`;
        phones.push(phone);
        users.push({ id: uid, login: `g${n}-${g}`, name: `家长${n}-${g}`, phone, password_hash: null, status: 'active', created_at: now, updated_at: now });
        roles.push({ user_id: uid, role: 'guardian', tenant_type: 'student', tenant_id: id, created_at: now, label: g === 0 ? '妈妈' : '爸爸' });
      }
    }
  }
  await insertMany(db, 'students', students);
  await insertMany(db, 'users', users);
  await insertMany(db, 'user_roles', roles);
  return { schoolId, adminId: admin.user.id, phones };
}

const ms = (t0: number) => performance.now() - t0;

/** The hand-written baseline: the same rows our send wrote, written again by plain code. */
async function rawSend(db: Db, schoolId: string, noteId: string, tag: string): Promise<() => Promise<void>> {
  // The rows to write are read first, outside the timing; the roster query is timed.
  const note = await any(db).selectFrom('notes').selectAll().where('id', '=', noteId).executeTakeFirstOrThrow();
  const msgs = await any(db).selectFrom('sms_messages').selectAll().where('key', 'like', `note:${noteId}:%`).execute();
  const parts: Record<string, unknown>[] = [];
  for (let i = 0; i < msgs.length; i += 500) {
    parts.push(...(await any(db).selectFrom('sms_parts').selectAll().where('message_id', 'in', msgs.slice(i, i + 500).map((m) => m.id as string)).execute()));
  }
  return async () => {
    const roster = await sql<{ student_id: string; class_id: string; student_name: string; guardian_id: string; guardian_name: string; phone: string; label: string | null }>`
      select s.id as student_id, s.class_id, s.name as student_name, u.id as guardian_id, u.name as guardian_name, u.phone, r.label
      from students s join user_roles r on r.tenant_type = 'student' and r.tenant_id = s.id and r.role = 'guardian'
      join users u on u.id = r.user_id
      where s.school_id = ${schoolId} and s.status = 'active'`.execute(db);
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      const id = newId(now);
      await any(trx).insertInto('notes').values({ ...note, id, seq: Number(note.seq) + 1_000_000 + Math.floor(Math.random() * 1_000_000), key: `raw-${tag}` }).execute();
      await insertMany(trx, 'note_recipients', roster.rows.map((r) => ({ note_id: id, ...r, text: note.text as string, sms: 1, round: 1, read_at: null })), 500);
      const idOf = new Map<string, string>();
      await insertMany(trx, 'sms_messages', msgs.map((m) => {
        const mid = newId(now);
        idOf.set(m.id as string, mid);
        return { ...m, id: mid, key: `raw-${tag}:${m.to_msisdn as string}` };
      }), 500);
      await insertMany(trx, 'sms_parts', parts.map((p) => ({ ...p, message_id: idOf.get(p.message_id as string) })), 500);
    });
  };
}

async function measure(ctx: AppContext, database: string): Promise<BenchRow[]> {
  const { schoolId, adminId, phones } = await buildSchool(ctx);
  const ours: number[] = [];
  const raw: number[] = [];
  let last = '';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await ctx.school.notes.send({ authorId: adminId, schoolId, type: 'notice', target: {}, text: '各位家长：明天（周五）下午放学时间调整为 15:30，请按时接孩子。', urgent: true, key: `bench-notice-${i}` });
    ours.push(ms(t0));
    if (r.recipients !== CLASSES * PER_CLASS * GUARDIANS_PER_STUDENT || r.smsQueued !== r.recipients) {
      throw new Error(`unexpected: ${JSON.stringify(r)}`);
    }
    last = r.noteId;
    const write = await rawSend(ctx.database.db, schoolId, last, `n${i}`);
    const t1 = performance.now();
    await write();
    raw.push(ms(t1));
  }
  // Everyone subscribed: a 作业 through the subscription lookup.
  for (let i = 0; i < phones.length; i += 500) {
    const now = Date.now();
    await insertMany(ctx.database.db, 'subscriptions', phones.slice(i, i + 500).map((msisdn) => ({ id: newId(now), msisdn, service: 'jx', status: 'active', channel: 'bench', created_at: now, updated_at: now })));
  }
  const hw: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await ctx.school.notes.send({ authorId: adminId, schoolId, type: 'homework', target: {}, text: '{name}：本周作业请在周五前交齐。', urgent: true, key: `bench-hw-${i}` });
    hw.push(ms(t0));
  }
  const n = CLASSES * PER_CLASS;
  const base = { what: 'hand-written inserts of the same rows', value: Math.round(median(raw)), unit: 'ms' };
  return [
    { figure: `通知 to a whole school (${n} students, ${n * GUARDIANS_PER_STUDENT} guardians, ${n * GUARDIANS_PER_STUDENT} SMS) enqueued, median of ${RUNS}`, database, value: Math.round(median(ours)), unit: 'ms', target: '≤ 1000 ms', met: median(ours) <= 1000, baseline: base },
    { figure: `作业 with {name} to the same school, all subscribed (subscription lookup included), median of ${RUNS}`, database, value: Math.round(median(hw)), unit: 'ms', target: '≤ 1000 ms', met: median(hw) <= 1000, baseline: base },
  ];
}

export async function run(o: { database: DatabaseKind }): Promise<BenchRow[]> {
  return withFreshDatabase('notes', o.database, async (database) => measure(await benchContext(database), o.database));
}
