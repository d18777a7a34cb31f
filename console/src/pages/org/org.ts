/**
 * 机构与学校各页面共用的类型、中文名称和纯函数（单元测试见 org.test.ts）。
 * 类型一律取自服务端生成的 api/schema.d.ts。
 *
 * 页面上的按钮按“权限 + 所在机构”显示：权限（哪些角色）只在 app/access.ts 里定义，
 * 这里的 canAt() 再看当前用户的角色是否落在这个代理商、网点、学校、班级或学生上，
 * 与服务端 can(actor, action, resource) 的判断一致（服务端仍会对每个请求鉴权）。
 */
import type { components } from '../../api/schema';
import { rolesWith, type Permission, type RoleCode } from '../../app/access';
import { parseYuan } from '../../components/money';
import { PHONE_MESSAGE, PHONE_PATTERN } from '../../components/smsCode';

export type Agency = components['schemas']['Agency'];
export type Outlet = components['schemas']['Outlet'];
export type School = components['schemas']['School'];
export type SchoolClass = components['schemas']['SchoolClass'];
export type Student = components['schemas']['Student'];
export type Person = components['schemas']['Person'];
export type PersonRole = Person['roles'][number];
export type TenantType = PersonRole['tenantType'];
export type OrgStatus = Agency['status'];
export type PersonStatus = Person['status'];
export type StudentStatus = Student['status'];
export type Limits = Student['limits'];

/** 当前用户的一个角色（与 /api/auth/me 返回的 roles 一致）。 */
export type Grant = { role: string; tenantType: string; tenantId: string };
export type GrantUser = { roles: ReadonlyArray<Grant> };

// ---- 角色 ----

/** 角色的中文名（与服务端 ROLE_TITLES 一致），下拉框和筛选用。 */
export const ROLE_TITLES: Record<RoleCode, string> = {
  operator: '运营商管理员',
  support: '客服',
  agent: '代理商',
  clerk: '营业员',
  school_admin: '学校管理员',
  teacher: '教师',
  guardian: '家长',
  student: '学生',
};

export const ROLE_CODES = Object.keys(ROLE_TITLES) as RoleCode[];

export const isRole = (value: unknown): value is RoleCode => typeof value === 'string' && Object.hasOwn(ROLE_TITLES, value);

/** 每个角色属于哪一类机构（与服务端 ROLE_TENANT 一致）。 */
export const ROLE_TENANT: Record<RoleCode, TenantType> = {
  operator: 'platform',
  support: 'platform',
  agent: 'agency',
  clerk: 'outlet',
  school_admin: 'school',
  teacher: 'class',
  guardian: 'student',
  student: 'student',
};

/** 机构类别的中文名。 */
export const TENANT_TITLES: Record<TenantType, string> = {
  platform: '平台',
  agency: '代理商',
  outlet: '营业网点',
  school: '学校',
  class: '班级',
  student: '学生',
};

/** 选角色时，所属机构一栏的提示：“选择班级（担任班主任）”。 */
export const TENANT_HINTS: Record<Exclude<TenantType, 'platform'>, string> = {
  agency: '选择代理商',
  outlet: '选择营业网点',
  school: '选择学校',
  class: '选择班级（担任班主任）',
  student: '选择学生',
};

/** 角色标签上的文字：“教师 · 三年级(2)班”，平台角色为“客服 · 全平台”。 */
export const roleLabel = (grant: { title?: string; role: string; tenantType: string; tenantName?: string; tenantId: string }): string => {
  const title = grant.title ?? (isRole(grant.role) ? ROLE_TITLES[grant.role] : grant.role);
  const where = grant.tenantType === 'platform' ? '全平台' : (grant.tenantName ?? grant.tenantId);
  return `${title} · ${where}`;
};

/** 角色标签的颜色：平台蓝、代理与网点金、学校绿、家庭紫。 */
export const roleColor = (role: string): string => {
  switch (role) {
    case 'operator':
    case 'support':
      return 'blue';
    case 'agent':
    case 'clerk':
      return 'gold';
    case 'school_admin':
    case 'teacher':
      return 'green';
    default:
      return 'purple';
  }
};

// ---- 编辑角色 ----

/** 编辑中的一个角色：还没选完时字段可以为空；tenantName 只用来显示已选的机构。 */
export type GrantDraft = { role?: RoleCode; tenantId?: string; tenantName?: string };
export type GrantBody = { role: RoleCode; tenantType: TenantType; tenantId: string };

export const PLATFORM_TENANT = 'platform';

/** 编辑中的角色 → 接口要的角色；有没选完的行时给出第一个问题（中文），否则 null。 */
export const grantsFromDrafts = (drafts: readonly GrantDraft[]): { grants: GrantBody[]; problem: string | null } => {
  if (drafts.length === 0) {
    return { grants: [], problem: '请至少添加一个角色' };
  }
  const grants: GrantBody[] = [];
  const seen = new Set<string>();
  for (const [index, draft] of drafts.entries()) {
    if (!draft.role) {
      return { grants, problem: `第 ${index + 1} 个角色：请选择角色` };
    }
    const tenantType = ROLE_TENANT[draft.role];
    const tenantId = tenantType === 'platform' ? PLATFORM_TENANT : draft.tenantId;
    if (!tenantId) {
      return { grants, problem: `第 ${index + 1} 个角色：请${TENANT_HINTS[tenantType as Exclude<TenantType, 'platform'>]}` };
    }
    const key = `${draft.role}:${tenantType}:${tenantId}`;
    if (!seen.has(key)) {
      seen.add(key);
      grants.push({ role: draft.role, tenantType, tenantId });
    }
  }
  return { grants, problem: null };
};

/** 一个人现有的角色 → 编辑中的角色。 */
export const draftsFromRoles = (roles: readonly PersonRole[]): GrantDraft[] =>
  roles.map((grant) => ({ role: grant.role, tenantId: grant.tenantId, tenantName: grant.tenantName }));

// ---- 按所在机构细分的权限 ----

/** 一个对象所在的各级机构（代理商、网点、学校、班级、学生），与服务端的 Resource 一致。 */
export type Where = Partial<Record<Exclude<TenantType, 'platform'>, string | null | undefined>>;

/**
 * 当前用户能否在这个对象上使用某个权限：有权限里的角色，且这个角色属于平台，
 * 或属于对象所在的某一级机构（例如学校管理员只管自己学校里的班级和学生）。
 */
export const canAt = (user: GrantUser | null | undefined, permission: Permission, where: Where): boolean => {
  const allowed: readonly string[] = rolesWith(permission);
  return (user?.roles ?? []).some(
    (grant) =>
      allowed.includes(grant.role) &&
      (grant.tenantType === 'platform' || (Object.hasOwn(where, grant.tenantType) && where[grant.tenantType as keyof Where] === grant.tenantId)),
  );
};

/** 学生所在的各级机构。 */
export const studentWhere = (student: Pick<Student, 'id' | 'schoolId' | 'classId'>): Where => ({
  school: student.schoolId,
  class: student.classId,
  student: student.id,
});

/** 当前用户以某个角色关联的机构编号（如家长的孩子、班主任的班级），按出现顺序去重。 */
export const tenantIdsOf = (user: GrantUser | null | undefined, role: RoleCode): string[] => [
  ...new Set((user?.roles ?? []).filter((grant) => grant.role === role).map((grant) => grant.tenantId)),
];

/** 用户在平台上有角色（运营商管理员、客服）：看得到全部机构。 */
export const isPlatformWide = (user: GrantUser | null | undefined): boolean =>
  (user?.roles ?? []).some((grant) => grant.tenantType === 'platform');

const LEVELS: TenantType[] = ['platform', 'agency', 'outlet', 'school', 'class', 'student'];

/**
 * 列表只有一项、且用户没有比这一级更高的角色时（营业员看网点、学校管理员看学校），
 * 直接进入这一项的详情页，不必先看只有一行的表格。
 */
export const landsOnOwn = (user: GrantUser | null | undefined, level: 'agency' | 'outlet' | 'school'): boolean => {
  const above = new Set(LEVELS.slice(0, LEVELS.indexOf(level)));
  // 网点与学校同在代理商之下，互不为上级。
  if (level === 'school') {
    above.delete('outlet');
  }
  return !(user?.roles ?? []).some((grant) => above.has(grant.tenantType as TenantType));
};

// ---- 状态 ----

type Look = { label: string; color: string };

export const ORG_STATUS: Record<OrgStatus, Look> = {
  active: { label: '正常', color: 'success' },
  suspended: { label: '暂停', color: 'warning' },
};

export const PERSON_STATUS: Record<PersonStatus, Look> = {
  active: { label: '正常', color: 'success' },
  disabled: { label: '已停用', color: 'default' },
};

export const STUDENT_STATUS: Record<StudentStatus, Look> = {
  active: { label: '在读', color: 'success' },
  left: { label: '已离校', color: 'default' },
};

export const isPersonStatus = (value: unknown): value is PersonStatus => typeof value === 'string' && Object.hasOwn(PERSON_STATUS, value);

// ---- 年级 ----

const GRADE_NAMES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '初一', '初二', '初三', '高一', '高二', '高三'];

/** 年级 1–12 的中文名：1–6 小学，7–9 初中，10–12 高中。 */
export const gradeLabel = (grade: number): string => GRADE_NAMES[grade - 1] ?? `${grade} 年级`;

export const GRADE_OPTIONS = GRADE_NAMES.map((label, index) => ({ value: index + 1, label }));

/** 班级的全称：“阳光小学 · 三年级(2)班”。 */
export const classFullName = (klass: Pick<SchoolClass, 'schoolName' | 'name'>): string => `${klass.schoolName} · ${klass.name}`;

// ---- 机构编码 ----

/** 代理商、网点、学校的编码（与服务端一致，保存时转大写）。 */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;
export const CODE_MESSAGE = '编码为 2–32 位字母、数字、下划线或连字符，以字母或数字开头';

/** 学籍号：4–32 位（保存时转大写）。 */
export const STUDENT_NO_PATTERN = /^[A-Za-z0-9]{4,32}$/;
export const STUDENT_NO_MESSAGE = '学籍号为 4–32 位字母或数字';

// ---- 校园卡限额 ----

/** 单项限额的上限（分），与服务端一致：¥10,000.00。 */
export const MAX_LIMIT_FEN = 1_000_000;

/** 输入框里的一项限额：不限，或一个金额（元）。 */
export type LimitInput = { unlimited: boolean; yuan?: string };

export type ParsedLimits = { ok: true; daily: number | null; single: number | null } | { ok: false; field: 'daily' | 'single'; message: string };

const parseLimit = (input: LimitInput): { ok: true; fen: number | null } | { ok: false; message: string } => {
  if (input.unlimited) {
    return { ok: true, fen: null };
  }
  const parsed = parseYuan(input.yuan ?? '');
  if (!parsed.ok) {
    return parsed;
  }
  if (parsed.fen > MAX_LIMIT_FEN) {
    return { ok: false, message: '限额最多 10,000.00 元' };
  }
  return { ok: true, fen: parsed.fen };
};

/** 两项限额的输入 → 接口要的分（不限为 null）；单笔不能超过每日。 */
export const parseLimits = (daily: LimitInput, single: LimitInput): ParsedLimits => {
  const d = parseLimit(daily);
  if (!d.ok) {
    return { ok: false, field: 'daily', message: d.message };
  }
  const s = parseLimit(single);
  if (!s.ok) {
    return { ok: false, field: 'single', message: s.message };
  }
  if (d.fen !== null && s.fen !== null && s.fen > d.fen) {
    return { ok: false, field: 'single', message: '单笔限额不能高于每日限额' };
  }
  return { ok: true, daily: d.fen, single: s.fen };
};

// ---- 手机号 ----

/** 用户输入的手机号 → 11 位（去掉空格、连字符和 +86）；不是大陆手机号时为 null（与服务端一致）。 */
export const normalizePhone = (input: string): string | null => {
  const digits = input.replace(/[\s-]/g, '').replace(/^(?:\+86|0086|86)(?=\d{11}$)/, '');
  return PHONE_PATTERN.test(digits) ? digits : null;
};

export { PHONE_MESSAGE };

/** 表单校验：手机号（必填时另加 required 规则）。 */
export const phoneRule = {
  validator: async (_rule: unknown, value: string | undefined) => {
    if (value?.trim() && normalizePhone(value) === null) {
      throw new Error(PHONE_MESSAGE);
    }
  },
};

/** 表单校验：角色列表（RolesEditor）里每一行都选完了角色和所属机构。 */
export const rolesRule = {
  validator: async (_rule: unknown, value: GrantDraft[] | undefined) => {
    const { problem } = grantsFromDrafts(value ?? []);
    if (problem) {
      throw new Error(problem);
    }
  },
};

// ---- 首页：各角色自己的一块 ----

export type Overview = 'platform' | 'agent' | 'clerk' | 'school_admin' | 'teacher' | 'guardian' | 'student';

const OVERVIEWS: Overview[] = ['platform', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student'];

/** 首页为当前用户显示哪些“我的…”卡片：每类角色一块（运营商管理员和客服合为“机构概览”）。 */
export const overviewsFor = (user: GrantUser | null | undefined): Overview[] => {
  const roles = new Set((user?.roles ?? []).map((grant) => (grant.role === 'operator' || grant.role === 'support' ? 'platform' : grant.role)));
  return OVERVIEWS.filter((kind) => roles.has(kind));
};
