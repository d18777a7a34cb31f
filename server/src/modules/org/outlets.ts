import { newId } from '../../platform/ids';
import type { OrgDeps } from './deps';
import { OrgErrors } from './org.errors';
import * as repo from './org.repo';
import { checkCode, checkName, optionalText } from './validate';
import { outletViews, type Outlet } from './views';

export interface OutletInput { agencyId: string; code: string; name: string; address?: string | null }

export async function createOutlet(deps: OrgDeps, o: OutletInput): Promise<Outlet> {
  const now = deps.clock.now();
  const row: repo.OutletRow = {
    id: newId(now),
    agency_id: o.agencyId,
    code: checkCode(o.code),
    name: checkName(o.name),
    address: optionalText(o.address, 'address', 120),
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  if (!(await repo.findById(deps.db, 'agencies', o.agencyId))) {
    throw OrgErrors.AGENCY_NOT_FOUND({ id: o.agencyId });
  }
  if (!(await repo.insertRow(deps.db, 'outlets', row))) {
    throw OrgErrors.ORG_CODE_TAKEN({ code: row.code });
  }
  return (await outletViews(deps.db, [row]))[0]!;
}

export async function getOutlet(deps: OrgDeps, id: string): Promise<Outlet> {
  const r = await repo.findById(deps.db, 'outlets', id);
  if (!r) {
    throw OrgErrors.OUTLET_NOT_FOUND({ id });
  }
  return (await outletViews(deps.db, [r]))[0]!;
}

export async function listOutlets(deps: OrgDeps, v: repo.Visibility, f: repo.ListFilter): Promise<{ items: Outlet[]; total: number }> {
  const { rows, total } = await repo.listRows(deps.db, 'outlets', v, f);
  return { items: await outletViews(deps.db, rows), total };
}
