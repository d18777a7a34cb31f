/** 办公短信 history: who sent what to which group, and each member's delivery state. */
import type { SchoolDeps } from '../deps';
import * as repo from './classwork.repo';
import { maskPhone, schoolStaff, type StaffMember } from './staff';

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'blocked';

export interface StaffMessage {
  id: string;
  schoolId: string;
  groupId: string;
  groupName: string;
  senderId: string;
  senderName: string | null;
  text: string;
  createdAt: number;
  summary: { recipients: number; delivered: number; failed: number; blocked: number; pending: number };
  recipients: { name: string | null; phone: string | null; state: DeliveryState }[];
}

function stateOf(status: string): DeliveryState {
  if (status === 'delivered') {return 'delivered';}
  if (status === 'failed' || status === 'expired') {return 'failed';}
  if (status === 'blocked') {return 'blocked';}
  return 'pending';
}

export async function staffMessageView(deps: SchoolDeps, r: repo.StaffMessageRow, staff: StaffMember[]): Promise<StaffMessage> {
  const byPhone = new Map(staff.flatMap((s) => (s.phone ? [[s.phone, s] as const] : [])));
  const [report, messages] = await Promise.all([deps.messaging.bulkReport(r.bulk_id), deps.messaging.bulkMessages(r.bulk_id)]);
  return {
    id: r.id,
    schoolId: r.school_id,
    groupId: r.group_id,
    groupName: r.group_name,
    senderId: r.sender_id,
    senderName: staff.find((s) => s.userId === r.sender_id)?.name ?? null,
    text: r.text,
    createdAt: r.created_at,
    summary: report.summary,
    recipients: messages.map((m) => ({ name: byPhone.get(m.to)?.name ?? null, phone: maskPhone(m.to), state: stateOf(m.status) })),
  };
}

/**
 * A school's staff messages as one person may see them: a school admin every message of the
 * school; a teacher what they sent and what was sent to a group they are in.
 */
export async function listStaffMessages(deps: SchoolDeps, o: { viewerId: string; schools: { schoolId: string; admin: boolean }[]; limit?: number }): Promise<StaffMessage[]> {
  const rows = await repo.staffMessagesOf(deps.db, o.schools.map((s) => s.schoolId), Math.min(o.limit ?? 30, 100));
  const groupsOfViewer = new Set((await repo.membersOf(deps.db, [...new Set(rows.map((r) => r.group_id))])).filter((m) => m.user_id === o.viewerId).map((m) => m.group_id));
  const admin = new Set(o.schools.filter((s) => s.admin).map((s) => s.schoolId));
  const visible = rows.filter((r) => admin.has(r.school_id) || r.sender_id === o.viewerId || groupsOfViewer.has(r.group_id));
  const staffBySchool = new Map<string, StaffMember[]>();
  const out: StaffMessage[] = [];
  for (const r of visible) {
    if (!staffBySchool.has(r.school_id)) {
      staffBySchool.set(r.school_id, await schoolStaff(deps, r.school_id));
    }
    out.push(await staffMessageView(deps, r, staffBySchool.get(r.school_id)!));
  }
  return out;
}
