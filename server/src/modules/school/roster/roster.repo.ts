/** Queries on roster imports and their rows, and nothing else. */
import type { Kysely } from 'kysely';
import type { Db } from '../../../platform/db/database';

export type ImportStatus = 'previewed' | 'applying' | 'applied' | 'expired';

export interface ImportRow {
  id: string;
  school_id: string;
  file_name: string;
  sha256: string;
  status: ImportStatus;
  summary: string;
  result: string | null;
  error: string | null;
  progress_done: number;
  progress_total: number;
  created_by: string;
  created_at: number;
  applied_by: string | null;
  applied_at: number | null;
  updated_at: number;
}

export interface ImportLineRow {
  import_id: string;
  seq: number;
  kind: 'student' | 'teacher';
  row_no: number;
  status: 'new' | 'changed' | 'unchanged' | 'error';
  data: string;
  notes: string;
}

interface Tables {
  roster_imports: ImportRow;
  roster_import_rows: ImportLineRow;
}
const t = (db: Db) => db as unknown as Kysely<Tables>;

export async function insertImport(db: Db, row: ImportRow, lines: ImportLineRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await t(trx).insertInto('roster_imports').values(row).execute();
    for (let i = 0; i < lines.length; i += 500) {
      await t(trx).insertInto('roster_import_rows').values(lines.slice(i, i + 500)).execute();
    }
  });
}

export async function findImport(db: Db, id: string): Promise<ImportRow | undefined> {
  return t(db).selectFrom('roster_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listImports(db: Db, schoolId: string, limit: number): Promise<ImportRow[]> {
  return t(db).selectFrom('roster_imports').selectAll().where('school_id', '=', schoolId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function importLines(db: Db, id: string, f: { kind?: ImportLineRow['kind']; status?: ImportLineRow['status']; limit: number; offset: number }): Promise<{ rows: ImportLineRow[]; total: number }> {
  let q = t(db).selectFrom('roster_import_rows').where('import_id', '=', id);
  if (f.kind) {q = q.where('kind', '=', f.kind);}
  if (f.status) {q = q.where('status', '=', f.status);}
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('seq').limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(total.n) };
}

export async function allLines(db: Db, id: string): Promise<ImportLineRow[]> {
  return t(db).selectFrom('roster_import_rows').selectAll().where('import_id', '=', id).orderBy('seq').execute();
}

/** Moves an import from one status to another; false when it was not in `from` (someone else got there first). */
export async function moveStatus(db: Db, id: string, from: ImportStatus, set: Partial<ImportRow> & { status: ImportStatus }): Promise<boolean> {
  const r = await t(db).updateTable('roster_imports').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setProgress(db: Db, id: string, done: number, total: number, now: number): Promise<void> {
  await t(db).updateTable('roster_imports').set({ progress_done: done, progress_total: total, updated_at: now }).where('id', '=', id).execute();
}
