/**
 * A 5,000-row roster import at a new school: 5,000 students in 60 classes (grades 1–6), each
 * with one or two guardians (one row in ten a sibling sharing the guardian of the row before),
 * about 7,000 guardians created. Measured: preview (read the CSV, check every row, compare with
 * the roster, store the preview) + apply (classes, students, guardian users and their grants,
 * with progress), from the call to its return. Target ≤ 10 s. Also: importing the same file
 * again (everything unchanged, nothing written).
 * Baseline (same run, same database): the simplest hand-written code doing the same table work —
 * csv-parse the same bytes, then classes, students, users and user_roles inserted in one
 * transaction with multi-row inserts (no checks, no comparison, no stored preview).
 * Run: node --import tsx -e "import('./bench/school/import.ts').then(m => m.run({database:'sqlite'})).then(r => console.log(r))"
 */
import { benchContext, median, withFreshDatabase, type BenchRow, type DatabaseKind } from './common';
import { performance } from 'node:perf_hooks';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../server/src/context';
import { applyRosterImport } from '../../server/src/flows/roster-import.flow';
import { type Db } from '../../server/src/platform/db/database';
import { newId } from '../../server/src/platform/ids';

const ROWS = 5000;
const RUNS = 3;
const CN = ['一', '二', '三', '四', '五', '六'];
const HEAD = '年级,班级,学籍号,学生姓名,卡号,家长姓名,家长手机,关系,家长2姓名,家长2手机,家长2关系';

/** The roster file of run `r` (its own 学籍号, cards and mobile numbers). */
function rosterCsv(r: number): Buffer {
  const lines = [HEAD];
  for (let i = 0; i < ROWS; i++) {
    const c = i % 60;
    const grade = 1 + (c % 6);
    const klass = `${CN[grade - 1]}年级(${1 + Math.floor(c / 6)})班`;
    const g = i % 10 === 1 ? i - 1 : i;
    const phone = (n: number, k: number) => `13${5 + r}${String(n * 2 + k).padStart(8, '0')}`;
    const second = g % 2 === 0 ? `家长${g}b,${phone(g, 1)},爸爸` : ',,';
    lines.push(`${CN[grade - 1]}年级,${klass},R${r}S${String(i).padStart(6, '0')},学生${i},R${r}C${String(i).padStart(6, '0')},家长${g}a,${phone(g, 0)},妈妈,${second}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
const any = (db: Db) => db as unknown as AnyDb;

async function insertMany(db: Db, table: string, rows: Record<string, unknown>[], chunk = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await any(db).insertInto(table).values(rows.slice(i, i + chunk)).execute();
  }
}

/** The baseline: parse and insert, nothing else. */
async function rawImport(db: Db, schoolId: string, bytes: Buffer): Promise<void> {
  const records: string[][] = parseCsv(bytes.toString('utf8'), { from_line: 2 });
  const now = Date.now();
  const classes = new Map<string, string>();
  const users = new Map<string, string>();
  const classRows: Record<string, unknown>[] = [];
  const studentRows: Record<string, unknown>[] = [];
  const userRows: Record<string, unknown>[] = [];
  const roleRows: Record<string, unknown>[] = [];
  const user = (name: string, phone: string) => {
    let id = users.get(phone);
    if (!id) {
      id = newId(now);
      users.set(phone, id);
      userRows.push({ id, login: phone, name, phone, password_hash: null, status: 'active', created_at: now, updated_at: now });
    }
    return id;
  };
  for (const r of records) {
    let classId = classes.get(r[1]!);
    if (!classId) {
      classId = newId(now);
      classes.set(r[1]!, classId);
      classRows.push({ id: classId, school_id: schoolId, grade: CN.indexOf(r[0]!.slice(0, 1)) + 1, name: r[1], head_teacher_id: null, created_at: now, updated_at: now });
    }
    const id = newId(now);
    studentRows.push({ id, school_id: schoolId, class_id: classId, student_no: r[2], name: r[3], card_no: r[4], status: 'active', created_at: now, updated_at: now });
    roleRows.push({ user_id: user(r[5]!, r[6]!), role: 'guardian', tenant_type: 'student', tenant_id: id, label: r[7], created_at: now });
    if (r[9]) {roleRows.push({ user_id: user(r[8]!, r[9]), role: 'guardian', tenant_type: 'student', tenant_id: id, label: r[10], created_at: now });}
  }
  await db.transaction().execute(async (trx) => {
    await insertMany(trx, 'classes', classRows);
    await insertMany(trx, 'students', studentRows);
    await insertMany(trx, 'users', userRows);
    await insertMany(trx, 'user_roles', roleRows);
  });
}

const round = (ms: number) => Math.round(ms) / 1000;

async function measure(ctx: AppContext, database: string): Promise<BenchRow[]> {
  const ours: number[] = [];
  const previews: number[] = [];
  const again: number[] = [];
  const raw: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const schoolId = (await ctx.org.createSchool({ code: `BENCHIMP${r}`, name: `基准小学${r}` })).id;
    const bytes = rosterCsv(r);
    const t0 = performance.now();
    const p = await ctx.school.roster.preview({ schoolId, fileName: 'bench.csv', bytes, by: 'bench' });
    const t1 = performance.now();
    const done = await applyRosterImport(ctx, { schoolId, importId: p.id, by: 'bench' });
    const t2 = performance.now();
    if (p.summary.students.new !== ROWS || done.result?.studentsCreated !== ROWS) {
      throw new Error(`bench import did not create ${ROWS} students: ${JSON.stringify(done.result)}`);
    }
    previews.push(t1 - t0);
    ours.push(t2 - t0);
    const t3 = performance.now();
    const p2 = await ctx.school.roster.preview({ schoolId, fileName: 'bench.csv', bytes, by: 'bench' });
    await applyRosterImport(ctx, { schoolId, importId: p2.id, by: 'bench' });
    again.push(performance.now() - t3);
    if (p2.summary.students.unchanged !== ROWS) {
      throw new Error('re-import should find every row unchanged');
    }
    // The baseline at another school with its own numbers (run r + 3).
    const rawSchool = (await ctx.org.createSchool({ code: `BENCHRAW${r}`, name: `基准对照${r}` })).id;
    const rawBytes = rosterCsv(r + 3);
    const t4 = performance.now();
    await rawImport(ctx.database.db, rawSchool, rawBytes);
    raw.push(performance.now() - t4);
  }
  const base = { what: 'hand-written: csv-parse + multi-row inserts in one transaction, no checks or preview', value: round(median(raw)), unit: 's' };
  return [
    { figure: 'roster import: 5,000 rows, preview + apply (median of 3)', database, value: round(median(ours)), unit: 's', target: '≤ 10 s', met: median(ours) <= 10_000, baseline: base },
    { figure: 'roster import: 5,000 rows, preview only', database, value: round(median(previews)), unit: 's', target: '—', met: true },
    { figure: 'roster import: same 5,000-row file again (all unchanged)', database, value: round(median(again)), unit: 's', target: '≤ 10 s', met: median(again) <= 10_000 },
  ];
}

export async function run(o: { database: DatabaseKind }): Promise<BenchRow[]> {
  return withFreshDatabase('import', o.database, async (database) => measure(await benchContext(database), o.database));
}
