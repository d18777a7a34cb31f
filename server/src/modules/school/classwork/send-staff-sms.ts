/**
 * 办公短信: a member of a school's staff texts one of its staff groups. Free (service 'staff',
 * never asks subscriptions); each member gets their own message and delivery state; the
 * same key sends once.
 */
import { newId } from '../../../platform/ids';
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import * as repo from './classwork.repo';
import { text as checkText } from './check';
import { maskPhone, schoolStaff } from './staff';
import { staffMessageView, type StaffMessage } from './staff-messages';

export interface SendStaffSmsOptions { groupId: string; text: string; key: string; senderId: string }

export const STAFF_SMS_MAX = 300;

export async function sendStaffSms(deps: SchoolDeps, o: SendStaffSmsOptions): Promise<{ message: StaffMessage; replay: boolean }> {
  const E = ClassworkErrors.STAFF_SMS_INVALID;
  const body = checkText(o.text, { field: 'text', label: '短信内容', max: STAFF_SMS_MAX, error: E });
  if (!/^[\w.:-]{1,80}$/.test(o.key)) {
    throw E({ field: 'key' }, '请求编号应为 1 到 80 个字母、数字或 _.:-');
  }
  const g = await repo.groupById(deps.db, o.groupId);
  if (!g) {
    throw ClassworkErrors.STAFF_GROUP_NOT_FOUND({ groupId: o.groupId });
  }
  const staff = await schoolStaff(deps, g.school_id);
  const sender = staff.find((s) => s.userId === o.senderId);
  if (!sender) {
    throw ClassworkErrors.STAFF_SMS_NOT_STAFF({ schoolId: g.school_id });
  }
  const prior = await repo.staffMessageByKey(deps.db, o.senderId, o.key);
  if (prior) {
    if (prior.group_id !== g.id || prior.text !== body) {
      throw ClassworkErrors.STAFF_SMS_KEY_CONFLICT({ key: o.key });
    }
    return { message: await staffMessageView(deps, prior, staff), replay: true };
  }
  const members = new Set((await repo.membersOf(deps.db, [g.id])).map((m) => m.user_id));
  const to = staff.filter((s) => members.has(s.userId) && s.phone).map((s) => s.phone!);
  if (to.length === 0) {
    throw E({ field: 'groupId' }, `分组“${g.name}”里没有留了手机号的教职工`);
  }
  const sms = `${sender.name}（${g.name}）：${body}`;
  const { bulk } = await deps.messaging.sendBulk({ service: 'staff', class: 'notice', text: sms, recipients: to, key: `staff:${o.senderId}:${o.key}`, createdBy: o.senderId });
  const now = deps.clock.now();
  const row: repo.StaffMessageRow = { id: newId(now), school_id: g.school_id, group_id: g.id, group_name: g.name, sender_id: o.senderId, text: body, key: o.key, bulk_id: bulk.id, recipients: bulk.recipients, created_at: now };
  const inserted = await repo.insertStaffMessage(deps.db, row);
  const stored = inserted ? row : (await repo.staffMessageByKey(deps.db, o.senderId, o.key))!;
  deps.log.info({ groupId: g.id, recipients: to.length, sample: maskPhone(to[0] ?? null) }, 'staff sms queued');
  return { message: await staffMessageView(deps, stored, staff), replay: !inserted };
}
