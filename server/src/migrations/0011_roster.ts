import type { Db } from '../platform/db/database';

/** School messaging: roster imports (the preview kept until it is applied). */
export async function up(db: Db): Promise<void> {
  void db;
}
