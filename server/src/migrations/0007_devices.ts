import type { Db } from '../platform/db/database';

export async function up(_db: Db): Promise<void> {}
