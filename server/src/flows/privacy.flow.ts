/**
 * Personal data across modules. A person downloads everything held about them: identity's
 * record, their children (as guardian), the SMS to and from their number, and what they did
 * (the audit log). An operator anonymises a person who left: messaging first (the number
 * becomes a pseudonym, texts are erased), then identity (name, login, number, roles, sessions
 * go; the id stays). Each step is idempotent, so a failure half-way is mended by running it
 * again; nothing can be undone, which is the point. Ledger accounts and the audit log keep the
 * id, which after this names nobody. See docs/decisions/0009-personal-data.md.
 */
import type { AppContext } from '../context';
import type { IdentityPersonalData } from '../modules/identity';
import type { SmsPersonalData } from '../modules/messaging';
import { phoneRef, searchAudit, type AuditRecord } from '../platform/audit';

export interface PersonalDataExport {
  exportedAt: number;
  about: string;
  identity: IdentityPersonalData;
  children: { name: string; school: string; class: string; studentNo: string }[];
  sms: SmsPersonalData | null;
  actions: Pick<AuditRecord, 'at' | 'channel' | 'action' | 'target' | 'result' | 'ip'>[];
}

export async function exportPersonalData(ctx: AppContext, userId: string): Promise<PersonalDataExport> {
  const identity = await ctx.identity.personalData(userId);
  const children: PersonalDataExport['children'] = [];
  for (const r of identity.roles.filter((g) => g.role === 'guardian' || g.role === 'student')) {
    const s = await ctx.org.getStudent(r.tenantId).catch(() => null);
    if (s) {
      children.push({ name: s.name, school: s.schoolName, class: s.className, studentNo: s.studentNo });
    }
  }
  const actions: PersonalDataExport['actions'] = [];
  // What they did logged in (by id) and by SMS from their number (by its reference).
  const actorIds = identity.profile.phone ? [userId, phoneRef(identity.profile.phone)] : [userId];
  let cursor: string | undefined;
  do {
    const page = await searchAudit(ctx.database.db, { actorIds }, { cursor, limit: 500 });
    actions.push(...page.items.map((a) => ({ at: a.at, channel: a.channel, action: a.action, target: a.target, result: a.result, ip: a.ip })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && actions.length < 10_000);
  return {
    exportedAt: ctx.clock.now(),
    about: '一卡通平台保存的与您有关的全部个人信息（账号、角色、登录记录、短信往来、操作记录）。',
    identity,
    children,
    sms: identity.profile.phone ? await ctx.messaging.personalData(identity.profile.phone) : null,
    actions,
  };
}

export async function anonymisePerson(ctx: AppContext, userId: string): Promise<{ messages: number; mo: number }> {
  // A second request finds no number to anonymise, and identity refuses it (此人已匿名化).
  const person = await ctx.identity.getPerson(userId);
  const sms = person.phone ? await ctx.messaging.anonymiseNumber(person.phone) : { messages: 0, mo: 0 };
  await ctx.identity.anonymisePerson(userId);
  return { messages: sms.messages, mo: sms.mo };
}

