/**
 * The demo's tenant tree: two agencies, each with outlets and a school; classes and students;
 * and the people who log in as each role (README lists them). A teacher who is also a parent
 * is one person with two roles; a mother of two children at one school is one guardian.
 * Everything is found by its code first, so loading twice changes nothing.
 */
import type { AppContext } from '../context';
import { createOutlet } from '../flows/outlet.flow';
import type { RoleGrant } from '../modules/identity';

export interface OrgDemo {
  agencies: { tongda: string; yuanhang: string };
  outlets: { chengguan: string; xijie: string; dongqu: string };
  schools: { yangguang: string; yucai: string };
  classes: { g3c2: string; g5c1: string; g7c3: string };
  students: { wangXiaobing: string; liXiang: string; wangXiaohua: string; zhangWei: string };
}

export interface DemoPerson {
  login: string;
  name: string;
  phone?: string;
  roles: RoleGrant[];
  /** How this person logs in, for the banner and README. */
  howToLogIn: string;
}

export async function loadOrgDemo(ctx: AppContext): Promise<OrgDemo> {
  const o = ctx.org;
  const agency = async (code: string, name: string, region: string) => (await o.idByCode('agency', code)) ?? (await o.createAgency({ code, name, region })).id;
  const outlet = async (agencyId: string, code: string, name: string, address: string) =>
    (await o.idByCode('outlet', code)) ?? (await createOutlet(ctx, { agencyId, code, name, address })).id;
  const school = async (agencyId: string, code: string, name: string, district: string) =>
    (await o.idByCode('school', code)) ?? (await o.createSchool({ agencyId, code, name, district })).id;
  const klass = async (schoolId: string, grade: number, name: string) => (await o.classIdByName(schoolId, name)) ?? (await o.createClass({ schoolId, grade, name })).id;
  const student = async (classId: string, schoolId: string, studentNo: string, name: string) =>
    (await o.studentIdByNo(schoolId, studentNo)) ?? (await o.createStudent({ classId, studentNo, name })).id;

  const tongda = await agency('TD001', '通达代理', '兰州市城关区');
  const yuanhang = await agency('YH001', '远航代理', '兰州市七里河区');
  const chengguan = await outlet(tongda, 'CG001', '城关营业网点', '城关区庆阳路 88 号');
  const xijie = await outlet(tongda, 'XJ001', '西街便利店', '城关区西街 12 号');
  const dongqu = await outlet(yuanhang, 'DQ001', '东区营业厅', '七里河区东区路 5 号');
  const yangguang = await school(tongda, 'YG001', '阳光小学', '城关区');
  const yucai = await school(yuanhang, 'YC001', '育才中学', '七里河区');
  const g3c2 = await klass(yangguang, 3, '三年级(2)班');
  const g5c1 = await klass(yangguang, 5, '五年级(1)班');
  const g7c3 = await klass(yucai, 7, '初一(3)班');
  const wangXiaobing = await student(g3c2, yangguang, 'G3001', '王小兵');
  const liXiang = await student(g3c2, yangguang, 'G3002', '李想');
  const wangXiaohua = await student(g5c1, yangguang, 'G5001', '王小花');
  const zhangWei = await student(g7c3, yucai, 'Y7001', '张伟');
  // A guardian's limits on one child's card, so 校园卡限额 shows something.
  await o.setStudentLimits(wangXiaobing, { daily: 3_000, single: 1_500, by: 'demo' });
  return {
    agencies: { tongda, yuanhang },
    outlets: { chengguan, xijie, dongqu },
    schools: { yangguang, yucai },
    classes: { g3c2, g5c1, g7c3 },
    students: { wangXiaobing, liXiang, wangXiaohua, zhangWei },
  };
}

const CODE = '用短信验证码登录（验证码在短信模拟器里），或用密码';

/** Who logs in as what in the demo. */
export function demoPeople(t: OrgDemo): DemoPerson[] {
  return [
    { login: 'demo-support', name: '周客服', phone: '13800000010', roles: [{ role: 'support', tenantType: 'platform', tenantId: 'platform' }], howToLogIn: CODE },
    { login: 'demo-agent', name: '赵经理', phone: '13800000020', roles: [{ role: 'agent', tenantType: 'agency', tenantId: t.agencies.tongda }], howToLogIn: CODE },
    { login: 'demo-agent2', name: '钱经理', phone: '13800000021', roles: [{ role: 'agent', tenantType: 'agency', tenantId: t.agencies.yuanhang }], howToLogIn: CODE },
    { login: 'demo-clerk', name: '孙营业员', phone: '13800000030', roles: [{ role: 'clerk', tenantType: 'outlet', tenantId: t.outlets.chengguan }], howToLogIn: CODE },
    { login: 'demo-school-admin', name: '刘主任', phone: '13900002222', roles: [{ role: 'school_admin', tenantType: 'school', tenantId: t.schools.yangguang }], howToLogIn: CODE },
    {
      login: 'demo-teacher',
      name: '王老师',
      phone: '13900001111',
      // Head teacher of 三年级(2)班 at 阳光小学, and a parent at 育才中学.
      roles: [
        { role: 'teacher', tenantType: 'class', tenantId: t.classes.g3c2 },
        { role: 'guardian', tenantType: 'student', tenantId: t.students.zhangWei },
      ],
      howToLogIn: CODE,
    },
    {
      login: '13900003333',
      name: '李芳',
      phone: '13900003333',
      // Mother of 王小兵 and 王小花: one guardian, two children.
      roles: [
        { role: 'guardian', tenantType: 'student', tenantId: t.students.wangXiaobing },
        { role: 'guardian', tenantType: 'student', tenantId: t.students.wangXiaohua },
      ],
      howToLogIn: '家长默认用短信验证码登录：在登录页选“短信验证码”，输入 13900003333，验证码在短信模拟器里',
    },
    {
      login: 'demo-teacher2',
      name: '陈老师',
      phone: '13900001112',
      // Head teacher of 五年级(1)班, and teaches 数学 in 三年级(2)班 too.
      roles: [
        { role: 'teacher', tenantType: 'class', tenantId: t.classes.g5c1 },
        { role: 'teacher', tenantType: 'class', tenantId: t.classes.g3c2 },
      ],
      howToLogIn: CODE,
    },
    {
      login: '13900004444',
      name: '李强',
      phone: '13900004444',
      // 李想's father: not subscribed to 家校互动, so he reads notes in the parent portal only.
      roles: [{ role: 'guardian', tenantType: 'student', tenantId: t.students.liXiang }],
      howToLogIn: '家长：短信验证码登录，验证码在短信模拟器里',
    },
    { login: 'demo-student', name: '王小兵', roles: [{ role: 'student', tenantType: 'student', tenantId: t.students.wangXiaobing }], howToLogIn: '用密码登录' },
  ];
}
