import type { Db } from '../platform/db/database';

/** School messaging: gate swipes, attendance, leave, and 亲情电话 family numbers and calls. */
export async function up(db: Db): Promise<void> {
  void db;
}
