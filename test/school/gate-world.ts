/**
 * A small school for the gate tests: 阳光小学 (cut-off 08:30, gate opens 06:30) with
 * 三年级(2)班 (head teacher 王老师): 王小兵 (card C3001; 妈妈 李芳 subscribes to 家校互动, 爸爸 王建
 * does not) and 李想 (card C3002; 爸爸 李强, not subscribed). 刘主任 is the school admin. The
 * demo gate and family phone are registered at the school with their public demo keys.
 */
import type { AppContext } from '../../server/src/context';
import { DEMO_DEVICES } from '../../server/src/demo/devices.demo';
import { PASSWORD } from '../helpers/world';

export const GATE_PHONES = { liFang: '13900003333', wangJian: '13900006666', liQiang: '13900004444', wang: '13900001111', admin: '13900002222' } as const;
export const GATE = DEMO_DEVICES.find((d) => d.id === 'demo-gate-east')!;
export const PHONE = DEMO_DEVICES.find((d) => d.id === 'demo-phone-family')!;

export interface GateWorld {
  school: string;
  klass: string;
  wangXiaobing: string;
  liXiang: string;
  liFang: string;
  wangJian: string;
  liQiang: string;
  wang: string;
  admin: string;
}

/** 2026-09-01 is a Tuesday; `at('07:42')` is that morning in Beijing. */
export const at = (hhmmss: string, day = '2026-09-01') => new Date(`${day}T${hhmmss.length === 5 ? `${hhmmss}:00` : hhmmss}+08:00`).getTime();

export async function buildGateWorld(ctx: AppContext): Promise<GateWorld> {
  const school = (await ctx.org.createSchool({ code: 'YG001', name: '阳光小学' })).id;
  const klass = (await ctx.org.createClass({ schoolId: school, grade: 3, name: '三年级(2)班' })).id;
  const wangXiaobing = (await ctx.org.createStudent({ classId: klass, studentNo: 'G3001', name: '王小兵', cardNo: 'C3001' })).id;
  const liXiang = (await ctx.org.createStudent({ classId: klass, studentNo: 'G3002', name: '李想', cardNo: 'C3002' })).id;
  const user = async (login: string, name: string, phone: string, roles: Parameters<AppContext['identity']['createUser']>[0]['roles']) =>
    (await ctx.identity.createUser({ login, name, phone, password: PASSWORD, roles })).user.id;
  const liFang = await user('p-lifang', '李芳', GATE_PHONES.liFang, [{ role: 'guardian', tenantType: 'student', tenantId: wangXiaobing }]);
  const wangJian = await user('p-wangjian', '王建', GATE_PHONES.wangJian, [{ role: 'guardian', tenantType: 'student', tenantId: wangXiaobing }]);
  const liQiang = await user('p-liqiang', '李强', GATE_PHONES.liQiang, [{ role: 'guardian', tenantType: 'student', tenantId: liXiang }]);
  const wang = await user('t-wang', '王老师', GATE_PHONES.wang, [{ role: 'teacher', tenantType: 'class', tenantId: klass }]);
  const admin = await user('t-admin', '刘主任', GATE_PHONES.admin, [{ role: 'school_admin', tenantType: 'school', tenantId: school }]);
  await ctx.org.setHeadTeacher(klass, wang);
  await ctx.subscriptions.set({ msisdn: GATE_PHONES.liFang, service: 'jx', active: true, channel: 'test' });
  await ctx.school.settings.update(school, { gateOpen: '06:30', arriveCutoff: '08:30' }, 'test');
  for (const d of [GATE, PHONE]) {
    await ctx.devices.register({ id: d.id, key: d.key, type: d.type, name: d.name, tenantType: 'school', tenantId: school });
  }
  return { school, klass, wangXiaobing, liXiang, liFang, wangJian, liQiang, wang, admin };
}

/** The SMS queued to a number, oldest first (texts with their signature). */
export async function textsTo(ctx: AppContext, phone: string): Promise<string[]> {
  const { sql } = await import('kysely');
  const rows = await sql<{ text: string }>`select text from sms_messages where to_msisdn = ${phone} order by created_at, id`.execute(ctx.database.db);
  return rows.rows.map((r) => r.text);
}
