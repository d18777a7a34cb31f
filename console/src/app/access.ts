/**
 * 控制台权限的唯一出处：哪些角色可以进入哪些页面。
 *
 * 路由表（routes.tsx）在每个受限页面上写一个权限名（如 `access: 'canAdmin'`），
 * 侧边菜单和路由守卫都只通过这里的 `access()` 判断，不在页面里另写角色判断。
 * 服务端仍会对每个接口单独鉴权；这里只决定界面上显示什么。
 */

import type { components } from '../api/schema';

/** 角色代码，来自服务端的接口定义；中文名称也由服务端随用户信息返回（roles[].title）。 */
export type RoleCode = components['schemas']['User']['roles'][number]['role'];

/** 控制台关心的当前用户信息（与 /api/auth/me 返回的 user 一致）。 */
export type AccessUser = {
  roles: ReadonlyArray<{ role: string; title?: string }>;
};

/** 每个权限允许的角色。新增页面时，在这里加权限名并写明哪些角色可用。 */
const GRANTS = {
  /** 系统管理：后台任务、定时任务、系统信息。 */
  canAdmin: ['operator'],
  /** 账务管理（客服只读）：账户余额、账户详情与对账单、导出、账务核验。 */
  canLedger: ['operator', 'support'],
  /** 开户、转账、冲正、冻结与解冻。 */
  canLedgerWrite: ['operator'],
  /** 短信中心（客服只读）：短信查询与详情、群发及报告、上行短信、退订名单、网关状态。 */
  canSms: ['operator', 'support'],
  /** 短信模拟器：模拟手机收发短信（会真的发出上行短信）。 */
  canSmsSim: ['operator'],
  /** 发送短信、新建群发、重发失败的号码、加入或移出退订名单。 */
  canSmsWrite: ['operator'],
  /** 审计日志：所有改变数据的操作及被拒绝的尝试。 */
  canAudit: ['operator'],
  /** 设备管理（客服只读）：闸机、POS、学校电话、IVR 网关和回调的列表与详情。 */
  canDevices: ['operator', 'support'],
  /** 注册设备、更换密钥、停用与启用。 */
  canDevicesManage: ['operator'],
  // 机构与学校：页面上的按钮还要看角色所在的机构（见 pages/org/org.ts 的 canAt）。
  /** 人员与角色：查找人员、查看角色（客服只读）。 */
  canPeople: ['operator', 'support'],
  /** 添加人员、设置角色、停用与启用账号。 */
  canEditPeople: ['operator'],
  /** 代理商与网点：代理商、预存款余额、名下的网点和学校。 */
  canOrg: ['operator', 'support', 'agent'],
  /** 新建代理商。 */
  canNewAgency: ['operator'],
  /** 营业网点及其预存款余额（营业员只看自己的网点）。 */
  canOutlets: ['operator', 'support', 'agent', 'clerk'],
  /** 新建营业网点。 */
  canNewOutlet: ['operator', 'agent'],
  /** 学校：列表、学校信息。 */
  canSchools: ['operator', 'support', 'agent', 'school_admin'],
  /** 新建学校、修改学校的名称、区县和状态。 */
  canEditSchools: ['operator', 'agent'],
  /** 班级及其学生名单。 */
  canClasses: ['operator', 'support', 'school_admin', 'teacher'],
  /** 新建班级、新建学生、添加或解除家长。 */
  canEditRoster: ['operator', 'school_admin'],
  /** 学校的教职工：添加、设置学校管理员和班主任。 */
  canStaff: ['operator', 'school_admin'],
  /** 学生信息、家长、校园卡限额。 */
  canStudents: ['operator', 'support', 'school_admin', 'teacher', 'guardian', 'student'],
  /** 设置校园卡限额（学生本人不能改）。 */
  canLimits: ['operator', 'school_admin', 'guardian'],
  /** 我的班级：班主任的班级。 */
  canMyClasses: ['teacher'],
  /** 我的孩子。 */
  canChildren: ['guardian'],
  /** 我的信息：学生本人。 */
  canMyInfo: ['student'],
  // 校讯通：页面上的按钮还要看角色所在的学校、班级。
  /** 家校互动：写留言（按类型发给班级、几个班、选中的学生或一个家庭），看送达和已读，重发失败的。 */
  canNotes: ['operator', 'school_admin', 'teacher'],
  /** 家长回音与班主任信箱：家长的回复和 BZR 留言，回复家长。 */
  canInbox: ['school_admin', 'teacher'],
  /** 考勤与平安短信：到校、离校、缺勤，登记请假。 */
  canAttendance: ['operator', 'support', 'school_admin', 'teacher'],
  /** 设备模拟器：在闸机上刷卡、用学校电话拨号（走真实的设备签名接口）。 */
  canDeviceSim: ['operator', 'school_admin'],
  /** 课表、作业与成绩。 */
  canClasswork: ['school_admin', 'teacher'],
  /** 办公短信：教职工分组和组内短信。 */
  canStaffSms: ['school_admin', 'teacher'],
  /** 名册导入：Excel 或 CSV（UTF-8 或 GBK），先预览再导入。 */
  canRosterImport: ['operator', 'agent', 'school_admin'],
  /** 学校设置与校历：开门、到校截止、放学、夜间免打扰、亲情电话分钟数，节假日和调课日。 */
  canSchoolSettings: ['operator', 'school_admin'],
  /** 家长网校：每个孩子的留言、成绩、课表、作业、通知、考勤和亲情号码。 */
  canPortal: ['guardian'],
  // 订购与计费：代理商只看到、只办理名下学校的。
  /** 业务目录：业务、包含的业务、价格（改价从下月起）、在售或暂停。 */
  canCatalog: ['operator'],
  /** 出账记录、进度、结果、计费文件，按学校和代理商的汇总，代理商分成（客服只读）。 */
  canBillingRuns: ['operator', 'support'],
  /** 开始出账或试算、设定代理商分成。 */
  canBillingRun: ['operator'],
  /** 订购查询：按号码看订购、变更记录、订购凭据、扣费和计费规则说明。 */
  canSubscriptionLookup: ['operator', 'support', 'agent'],
  /** 应家长要求退订（代理商、运营商、10086 客服）。 */
  canUnsubscribe: ['operator', 'support', 'agent'],
  /** 订购管理：订购列表。 */
  canSubscriptions: ['operator', 'support', 'agent'],
  /** 代客订购（家长回复 Y 确认）、撤回待确认的申请。 */
  canSubscriptionRequest: ['operator', 'agent'],
  /** 待确认：代客订购的申请和 24 小时倒计时。 */
  canSubscriptionRequests: ['operator', 'support', 'agent'],
  /** 我的学校：名下学校的订购人数。 */
  canAgentSchools: ['agent'],
  /** 佣金：分成比例和每月结算单。 */
  canCommissions: ['agent'],
} as const satisfies Record<string, readonly RoleCode[]>;

export type Permission = keyof typeof GRANTS;

export type Access = Record<Permission, boolean>;

/** 根据当前用户的角色算出全部权限；未登录时全部为 false。 */
export const access = (user: AccessUser | null | undefined): Access => {
  const roles = new Set((user?.roles ?? []).map((grant) => grant.role));
  const result = {} as Access;
  for (const permission of Object.keys(GRANTS) as Permission[]) {
    const allowed: readonly RoleCode[] = GRANTS[permission];
    result[permission] = allowed.some((role) => roles.has(role));
  }
  return result;
};

/** 拥有某个权限的角色（页面再按角色所在的机构细分时用）。 */
export const rolesWith = (permission: Permission): readonly RoleCode[] => GRANTS[permission];

/** 判断用户能否看到标注了 `permission` 的页面；未标注权限的页面登录即可见。 */
export const canSee = (user: AccessUser | null | undefined, permission: Permission | undefined): boolean =>
  permission === undefined ? user !== null && user !== undefined : access(user)[permission];

/** 用户全部角色的中文名（服务端给出；缺少时原样显示代码），去重并保持服务端给出的顺序。 */
export const roleNames = (user: AccessUser): string[] => [
  ...new Set(user.roles.map((grant) => grant.title ?? grant.role)),
];
