/** A school's staff groups (三年级组, 行政组…) with their members. */
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { maskPhone, schoolStaff } from './staff';

export interface StaffGroup { id: string; schoolId: string; name: string; members: { userId: string; name: string; phone: string | null }[]; updatedAt: number }

export async function listStaffGroups(deps: SchoolDeps, schoolId: string): Promise<StaffGroup[]> {
  const [groups, staff] = await Promise.all([repo.groupsOf(deps.db, [schoolId]), schoolStaff(deps, schoolId)]);
  const byId = new Map(staff.map((s) => [s.userId, s]));
  const members = await repo.membersOf(deps.db, groups.map((g) => g.id));
  return groups.map((g) => ({
    id: g.id,
    schoolId: g.school_id,
    name: g.name,
    members: members
      .filter((m) => m.group_id === g.id && byId.has(m.user_id))
      .map((m) => byId.get(m.user_id)!)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((s) => ({ userId: s.userId, name: s.name, phone: maskPhone(s.phone) })),
    updatedAt: g.updated_at,
  }));
}

export async function groupOfSchool(deps: SchoolDeps, schoolId: string, groupId: string): Promise<repo.StaffGroupRow> {
  const g = await repo.groupById(deps.db, groupId);
  if (!g || g.school_id !== schoolId) {
    throw ClassworkErrors.STAFF_GROUP_NOT_FOUND({ groupId });
  }
  return g;
}
