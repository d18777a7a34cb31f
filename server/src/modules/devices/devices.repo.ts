/** Queries on devices and their nonces, and nothing else. */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/database';
import type { DeviceType, TenantType } from '../identity';

export type DeviceStatus = 'active' | 'disabled';

export interface DeviceRow {
  id: string;
  type: DeviceType;
  name: string;
  tenant_type: TenantType;
  tenant_id: string;
  secret: string;
  previous_secret: string | null;
  previous_valid_until: number | null;
  key_rotated_at: number | null;
  status: DeviceStatus;
  firmware: string | null;
  created_at: number;
  updated_at: number;
  last_seen_at: number | null;
  last_ip: string | null;
}

export interface NonceRow {
  device_id: string;
  nonce: string;
  seen_at: number;
}

interface Tables {
  devices: DeviceRow;
  device_nonces: NonceRow;
}

const t = (db: Db) => db as Kysely<Tables>;

/** Inserts the device unless its id is taken; returns whether it was inserted. */
export async function insertDevice(db: Db, row: DeviceRow): Promise<boolean> {
  const res = await t(db)
    .insertInto('devices')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findDevice(db: Db, id: string): Promise<DeviceRow | undefined> {
  return t(db).selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface DeviceFilter {
  type?: DeviceType;
  status?: DeviceStatus;
  tenantType?: TenantType;
  tenantId?: string;
  limit: number;
  offset: number;
}

export async function listDevices(db: Db, f: DeviceFilter): Promise<{ rows: DeviceRow[]; total: number }> {
  let q = t(db).selectFrom('devices');
  if (f.type !== undefined) {
    q = q.where('type', '=', f.type);
  }
  if (f.status !== undefined) {
    q = q.where('status', '=', f.status);
  }
  if (f.tenantType !== undefined) {
    q = q.where('tenant_type', '=', f.tenantType);
  }
  if (f.tenantId !== undefined) {
    q = q.where('tenant_id', '=', f.tenantId);
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function setSecret(db: Db, id: string, s: { secret: string; previous_secret: string | null; previous_valid_until: number | null; now: number }): Promise<void> {
  await t(db)
    .updateTable('devices')
    .set({ secret: s.secret, previous_secret: s.previous_secret, previous_valid_until: s.previous_valid_until, key_rotated_at: s.now, updated_at: s.now })
    .where('id', '=', id)
    .execute();
}

export async function setStatus(db: Db, id: string, status: DeviceStatus, now: number): Promise<void> {
  await t(db).updateTable('devices').set({ status, updated_at: now }).where('id', '=', id).where('status', '!=', status).execute();
}

export async function setFirmware(db: Db, id: string, firmware: string, now: number): Promise<void> {
  await t(db)
    .updateTable('devices')
    .set({ firmware, updated_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('firmware', 'is', null), eb('firmware', '!=', firmware)]))
    .execute();
}

export async function touchDevice(db: Db, id: string, now: number, ip: string | null): Promise<void> {
  await t(db).updateTable('devices').set({ last_seen_at: now, last_ip: ip }).where('id', '=', id).execute();
}

/** Records a nonce; false if this device used it already (the primary key says so, even under concurrency). */
export async function insertNonce(db: Db, row: NonceRow): Promise<boolean> {
  const res = await t(db)
    .insertInto('device_nonces')
    .values(row)
    .onConflict((oc) => oc.columns(['device_id', 'nonce']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteNoncesBefore(db: Db, before: number): Promise<number> {
  const res = await t(db).deleteFrom('device_nonces').where('seen_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
