import type { RoleGrant } from '../identity';
import type { Visibility } from './org.repo';

/** What a list may show to someone holding these grants (the grants that allow the action). */
export function visibilityOf(grants: readonly RoleGrant[]): Visibility {
  const v: Visibility = { all: false, agencyIds: [], outletIds: [], schoolIds: [], classIds: [], studentIds: [] };
  for (const g of grants) {
    switch (g.tenantType) {
      case 'platform':
        v.all = true;
        break;
      case 'agency':
        v.agencyIds.push(g.tenantId);
        break;
      case 'outlet':
        v.outletIds.push(g.tenantId);
        break;
      case 'school':
        v.schoolIds.push(g.tenantId);
        break;
      case 'class':
        v.classIds.push(g.tenantId);
        break;
      case 'student':
        v.studentIds.push(g.tenantId);
        break;
    }
  }
  return v;
}
