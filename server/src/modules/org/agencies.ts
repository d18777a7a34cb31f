import { newId } from '../../platform/ids';
import type { OrgDeps } from './deps';
import { OrgErrors } from './org.errors';
import * as repo from './org.repo';
import { checkCode, checkName, optionalText } from './validate';
import { agencyView, type Agency } from './views';

export interface AgencyInput { code: string; name: string; region?: string | null }

export async function createAgency(deps: OrgDeps, o: AgencyInput): Promise<Agency> {
  const now = deps.clock.now();
  const row: repo.AgencyRow = {
    id: newId(now),
    code: checkCode(o.code),
    name: checkName(o.name),
    region: optionalText(o.region, 'region'),
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  if (!(await repo.insertRow(deps.db, 'agencies', row))) {
    throw OrgErrors.ORG_CODE_TAKEN({ code: row.code });
  }
  return agencyView(row);
}

export async function getAgency(deps: OrgDeps, id: string): Promise<Agency> {
  const r = await repo.findById(deps.db, 'agencies', id);
  if (!r) {
    throw OrgErrors.AGENCY_NOT_FOUND({ id });
  }
  return agencyView(r);
}

export async function listAgencies(deps: OrgDeps, v: repo.Visibility, f: repo.ListFilter): Promise<{ items: Agency[]; total: number }> {
  const { rows, total } = await repo.listRows(deps.db, 'agencies', v, f);
  return { items: rows.map(agencyView), total };
}
