import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';

export interface OrgDeps {
  db: Db;
  clock: Clock;
}
