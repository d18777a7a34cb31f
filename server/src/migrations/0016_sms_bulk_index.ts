import { sql } from 'kysely';
import type { Db } from '../platform/db/database';

/**
 * sms_messages_bulk_idx (bulk_id, status) held every message, bulk or not, and each change of
 * a message's state (three per message) moved its entry. Most messages are not part of a
 * bulk (login codes, safety SMS, replies): the index now holds only those that are. Every
 * query by bulk says `bulk_id = ?`, which the partial index serves on both databases.
 * Measured with `npm run bench:sms`: about 3 % less CPU per part.
 */
export async function up(db: Db): Promise<void> {
  await sql`drop index sms_messages_bulk_idx`.execute(db);
  await sql`create index sms_messages_bulk_idx on sms_messages (bulk_id, status) where bulk_id is not null`.execute(db);
}
