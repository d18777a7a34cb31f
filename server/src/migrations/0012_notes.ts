import type { Db } from '../platform/db/database';

/** School messaging: 家校互动 notes, their recipients, templates, and teachers' inboxes. */
export async function up(db: Db): Promise<void> {
  void db;
}
