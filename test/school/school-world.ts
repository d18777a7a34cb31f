/**
 * A small school for the notes, classwork and 办公短信 tests: 阳光小学 with 三年级(2)班 (head teacher 王老师; 陈老师
 * teaches 数学 there) and 五年级(1)班 (head teacher 陈老师); 王小兵 and 李想 in 三年级(2)班, 王小花
 * in 五年级(1)班. 李芳 is 妈妈 of 王小兵 and 王小花 and subscribes to 家校互动; 李强 is 爸爸 of 李想
 * and does not. 刘主任 is the school admin. Another school (育才中学, 初一(3)班, 张伟) has no head teacher.
 */
import type { AppContext } from '../../server/src/context';
import type { Http } from '../../server/src/http/types';
import { logInAs, PASSWORD } from '../helpers/world';

export interface SchoolWorld {
  school: string;
  otherSchool: string;
  g3c2: string;
  g5c1: string;
  y7c3: string;
  wangXiaobing: string;
  liXiang: string;
  wangXiaohua: string;
  zhangWei: string;
  wang: string;
  chen: string;
  admin: string;
  liFang: string;
  liQiang: string;
  zhangFather: string;
}

export const PHONES = { wang: '13900001111', chen: '13900001112', admin: '13900002222', liFang: '13900003333', liQiang: '13900004444', zhangFather: '13900005555' } as const;

export async function buildSchoolWorld(ctx: AppContext): Promise<SchoolWorld> {
  const school = (await ctx.org.createSchool({ code: 'YG001', name: '阳光小学' })).id;
  const otherSchool = (await ctx.org.createSchool({ code: 'YC001', name: '育才中学' })).id;
  const g3c2 = (await ctx.org.createClass({ schoolId: school, grade: 3, name: '三年级(2)班' })).id;
  const g5c1 = (await ctx.org.createClass({ schoolId: school, grade: 5, name: '五年级(1)班' })).id;
  const y7c3 = (await ctx.org.createClass({ schoolId: otherSchool, grade: 7, name: '初一(3)班' })).id;
  const wangXiaobing = (await ctx.org.createStudent({ classId: g3c2, studentNo: 'G3001', name: '王小兵' })).id;
  const liXiang = (await ctx.org.createStudent({ classId: g3c2, studentNo: 'G3002', name: '李想' })).id;
  const wangXiaohua = (await ctx.org.createStudent({ classId: g5c1, studentNo: 'G5001', name: '王小花' })).id;
  const zhangWei = (await ctx.org.createStudent({ classId: y7c3, studentNo: 'Y7001', name: '张伟' })).id;
  const user = async (login: string, name: string, phone: string, roles: Parameters<AppContext['identity']['createUser']>[0]['roles']) =>
    (await ctx.identity.createUser({ login, name, phone, password: PASSWORD, roles })).user.id;
  const wang = await user('t-wang', '王老师', PHONES.wang, [{ role: 'teacher', tenantType: 'class', tenantId: g3c2 }]);
  const chen = await user('t-chen', '陈老师', PHONES.chen, [
    { role: 'teacher', tenantType: 'class', tenantId: g5c1 },
    { role: 'teacher', tenantType: 'class', tenantId: g3c2 },
  ]);
  const admin = await user('t-admin', '刘主任', PHONES.admin, [{ role: 'school_admin', tenantType: 'school', tenantId: school }]);
  const liFang = await user('p-lifang', '李芳', PHONES.liFang, [
    { role: 'guardian', tenantType: 'student', tenantId: wangXiaobing },
    { role: 'guardian', tenantType: 'student', tenantId: wangXiaohua },
  ]);
  const liQiang = await user('p-liqiang', '李强', PHONES.liQiang, [{ role: 'guardian', tenantType: 'student', tenantId: liXiang }]);
  const zhangFather = await user('p-zhang', '张建国', PHONES.zhangFather, [{ role: 'guardian', tenantType: 'student', tenantId: zhangWei }]);
  await ctx.org.setHeadTeacher(g3c2, wang);
  await ctx.org.setHeadTeacher(g5c1, chen);
  await ctx.identity.setGrantLabel(liFang, { role: 'guardian', tenantType: 'student', tenantId: wangXiaobing }, '妈妈');
  await ctx.identity.setGrantLabel(liFang, { role: 'guardian', tenantType: 'student', tenantId: wangXiaohua }, '妈妈');
  await ctx.identity.setGrantLabel(liQiang, { role: 'guardian', tenantType: 'student', tenantId: liXiang }, '爸爸');
  await ctx.subscriptions.set({ msisdn: PHONES.liFang, service: 'jx', active: true, channel: 'test' });
  await ctx.subscriptions.set({ msisdn: PHONES.zhangFather, service: 'jx', active: true, channel: 'test' });
  return { school, otherSchool, g3c2, g5c1, y7c3, wangXiaobing, liXiang, wangXiaohua, zhangWei, wang, chen, admin, liFang, liQiang, zhangFather };
}

/** Logged-in headers for the world's people. */
export async function schoolLogins(app: Http) {
  return {
    wang: await logInAs(app, 't-wang'),
    chen: await logInAs(app, 't-chen'),
    admin: await logInAs(app, 't-admin'),
    liFang: await logInAs(app, 'p-lifang'),
    liQiang: await logInAs(app, 'p-liqiang'),
    zhangFather: await logInAs(app, 'p-zhang'),
  };
}
