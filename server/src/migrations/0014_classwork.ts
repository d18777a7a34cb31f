import type { Db } from '../platform/db/database';

/** School messaging: timetables, homework, exam results, and staff groups. */
export async function up(db: Db): Promise<void> {
  void db;
}
