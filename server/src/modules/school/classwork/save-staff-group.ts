/** A school admin creates or edits a staff group: a name and members from the school's staff. */
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { text } from './check';
import { groupOfSchool, listStaffGroups, type StaffGroup } from './staff-groups';
import { schoolStaff } from './staff';

export interface SaveStaffGroupOptions { schoolId: string; groupId?: string; name: string; memberIds: string[]; by: string }

export async function saveStaffGroup(deps: SchoolDeps, o: SaveStaffGroupOptions): Promise<StaffGroup> {
  const E = ClassworkErrors.STAFF_GROUP_INVALID;
  const name = text(o.name, { field: 'name', label: '分组名称', max: 20, error: E });
  if (o.memberIds.length === 0) {
    throw E({ field: 'memberIds' }, '请至少选择一位组员');
  }
  if (o.memberIds.length > 500) {
    throw E({ field: 'memberIds' }, '一个分组最多 500 人');
  }
  const staff = new Set((await schoolStaff(deps, o.schoolId)).map((s) => s.userId));
  const outsiders = o.memberIds.filter((id) => !staff.has(id));
  if (outsiders.length > 0) {
    throw E({ field: 'memberIds', outsiders }, `有 ${outsiders.length} 人不是本校教职工，不能加入分组`);
  }
  const existing = o.groupId ? await groupOfSchool(deps, o.schoolId, o.groupId) : null;
  const same = await repo.groupByName(deps.db, o.schoolId, name);
  if (same && same.id !== existing?.id) {
    throw ClassworkErrors.STAFF_GROUP_NAME_TAKEN({ name });
  }
  const now = deps.clock.now();
  const id = existing?.id ?? newId(now);
  await deps.database.transaction(async (trx) => {
    if (existing) {
      await repo.updateGroup(trx, id, name, now);
    } else {
      await repo.insertGroup(trx, { id, school_id: o.schoolId, name, created_by: o.by, created_at: now, updated_at: now });
    }
    await repo.replaceMembers(trx, id, [...new Set(o.memberIds)]);
  });
  return (await listStaffGroups(deps, o.schoolId)).find((g) => g.id === id)!;
}

export async function deleteStaffGroup(deps: SchoolDeps, o: { schoolId: string; groupId: string }): Promise<void> {
  const g = await groupOfSchool(deps, o.schoolId, o.groupId);
  await deps.database.transaction(async (trx) => repo.deleteGroup(trx, g.id));
}
