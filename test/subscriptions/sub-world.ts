/**
 * The subscription tests' world: the small school of the school tests (阳光小学 under 通达代理,
 * 育才中学 under 远航代理), an agent of each agency, and the in-process SMS simulator with a
 * worker, on a clock set to a chosen Beijing time. 李芳 takes 家校互动 already (set directly);
 * 李强 does not.
 */
import { sql } from 'kysely';
import { TestClock } from '../../server/src/platform/clock';
import type { Database } from '../../server/src/platform/db/database';
import { buildHttp } from '../../server/src/http/server';
import { createTestContext } from '../helpers/context';
import { simSettle } from '../helpers/sim-settle';
import { PASSWORD } from '../helpers/world';
import { buildSchoolWorld, PHONES } from '../school/school-world';
import { countRows } from '../helpers/db';

export { PHONES };
export const SERVICE_CODE = '10657099';
/** A Beijing time as an instant: bj('2026-11-10 09:00'). */
export const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`).getTime();

export async function subWorld(database: Database, start = '2026-11-10 09:00') {
  const clock = new TestClock(bj(start));
  const ctx = await createTestContext(database, { clock });
  const { sim, worker, settle } = await simSettle(ctx);
  const w = await buildSchoolWorld(ctx);
  const tongda = (await ctx.org.createAgency({ code: 'TD001', name: '通达代理' })).id;
  const yuanhang = (await ctx.org.createAgency({ code: 'YH001', name: '远航代理' })).id;
  // The school world's schools have no agency; the demo's do (set here as org would have created them).
  await sql`update schools set agency_id = ${tongda} where id = ${w.school}`.execute(ctx.database.db);
  await sql`update schools set agency_id = ${yuanhang} where id = ${w.otherSchool}`.execute(ctx.database.db);
  const agent = (await ctx.identity.createUser({ login: 'a-zhao', name: '赵经理', phone: '13800000020', password: PASSWORD, roles: [{ role: 'agent', tenantType: 'agency', tenantId: tongda }] })).user.id;
  /** Texts a phone received, in order. */
  const inbox = (to: string) => {
    const seen = new Set<string>();
    return sim.received.filter((p) => p.to === to && !seen.has(p.messageId) && seen.add(p.messageId)).map((p) => ({ from: p.srcId, text: p.text }));
  };
  /** The last platform SMS a phone received (the school's own, e.g. an absence notice, left out). */
  const last = (to: string) => inbox(to).filter((m) => m.text.startsWith('【一卡通】')).at(-1)?.text ?? '';
  /** An SMS from a phone to 10657099 (+ extension), routed and answered. */
  const mo = async (from: string, text: string, extension = '') => {
    await sim.sendMo({ from, to: SERVICE_CODE + extension, text });
    await settle();
  };
  const count = async (table: string) => countRows(ctx.database.db, table);
  return { ctx, clock, sim, worker, w, tongda, yuanhang, agent, settle, inbox, last, mo, count };
}

/**
 * The world over HTTP: besides its people, an operator (o-admin), 10086 support (s-zhou) and
 * 远航代理's agent (a-qian); the API without the console.
 */
export async function subApi(database: Database, start = '2026-10-05 09:00') {
  const s = await subWorld(database, start);
  const user = (login: string, name: string, phone: string, role: 'operator' | 'support' | 'agent', tenantId: string) =>
    s.ctx.identity.createUser({ login, name, phone, password: PASSWORD, roles: [{ role, tenantType: role === 'agent' ? 'agency' : 'platform', tenantId }] });
  await user('o-admin', '运营商管理员', '13800000001', 'operator', 'platform');
  await user('s-zhou', '周客服', '13800000010', 'support', 'platform');
  await user('a-qian', '钱经理', '13800000021', 'agent', s.yuanhang);
  const app = await buildHttp(s.ctx, { consoleDir: null });
  await app.ready();
  return { s, app };
}
