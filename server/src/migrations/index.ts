/**
 * Every migration, in order. A migration is never edited once released: add a new one.
 * Column conventions (both stores): ids text, instants bigint epoch ms, money bigint fen,
 * JSON text, flags smallint. See docs/decisions/0002-one-schema-two-databases.md.
 */
import type { Db, Dialect } from '../platform/db/database';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_identity';
import * as m0003 from './0003_ledger';
import * as m0004 from './0004_messaging';
import * as m0005 from './0005_login_codes';
import * as m0006 from './0006_org';
import * as m0007 from './0007_devices';
import * as m0008 from './0008_audit';
import * as m0009 from './0009_api_tokens';
import * as m0010 from './0010_school';
import * as m0011 from './0011_roster';
import * as m0012 from './0012_notes';
import * as m0013 from './0013_gate';
import * as m0014 from './0014_classwork';
import * as m0015 from './0015_subscriptions';
import * as m0016 from './0016_sms_bulk_index';

export interface MigrationModule {
  up(db: Db, dialect: Dialect): Promise<void>;
}

export const migrations: Record<string, MigrationModule> = {
  '0001_platform': m0001,
  '0002_identity': m0002,
  '0003_ledger': m0003,
  '0004_messaging': m0004,
  '0005_login_codes': m0005,
  '0006_org': m0006,
  '0007_devices': m0007,
  '0008_audit': m0008,
  '0009_api_tokens': m0009,
  '0010_school': m0010,
  '0011_roster': m0011,
  '0012_notes': m0012,
  '0013_gate': m0013,
  '0014_classwork': m0014,
  '0015_subscriptions': m0015,
  '0016_sms_bulk_index': m0016,
};
