import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import type { Committer } from './group-commit';

export interface LedgerDeps {
  db: Db;
  clock: Clock;
  committer: Committer;
}
