/**
 * The one authorization decision: `can(actor, action, resource)`. Every route and CLI
 * command names its action; this function is pure, so it is tested as a table (and the
 * route × role × tenant matrix in test/http/access-matrix.test.ts).
 *
 * A role is held within a tenant: the platform (operators, 10086 support), an agency
 * (agents), an outlet (clerks), a school (school admins), a class (its head teacher), or a
 * student (their guardians and the student themself). A resource names the tenants it sits
 * in, from the agency down to the student; a grant matches when it names one of them.
 */
export const ROLES = ['operator', 'support', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  operator: '运营商管理员',
  support: '客服',
  agent: '代理商',
  clerk: '营业员',
  school_admin: '学校管理员',
  teacher: '教师',
  guardian: '家长',
  student: '学生',
};

export const TENANT_TYPES = ['platform', 'agency', 'outlet', 'school', 'class', 'student'] as const;
export type TenantType = (typeof TENANT_TYPES)[number];

export const TENANT_TITLES: Record<TenantType, string> = {
  platform: '平台',
  agency: '代理商',
  outlet: '营业网点',
  school: '学校',
  class: '班级',
  student: '学生',
};

/** Which tenant type each role is held in. */
export const ROLE_TENANT: Record<Role, TenantType> = {
  operator: 'platform',
  support: 'platform',
  agent: 'agency',
  clerk: 'outlet',
  school_admin: 'school',
  teacher: 'class',
  guardian: 'student',
  student: 'student',
};

/** Who acted, as an id: a user's or device's id, a system's name; null for nobody. Never a name or number. */
export function actorRef(actor: Actor): string | null {
  switch (actor.kind) {
    case 'user':
      return actor.userId;
    case 'device':
      return actor.deviceId;
    case 'system':
      return actor.name;
    case 'anonymous':
      return null;
  }
}

export interface RoleGrant {
  role: Role;
  tenantType: TenantType;
  tenantId: string;
}

export type DeviceType = 'gate' | 'pos' | 'school_phone' | 'ivr' | 'callback';

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; login: string; name: string; roles: RoleGrant[] }
  /** A registered device (gate reader, POS, school phone, IVR, carrier/bank callback), signed. */
  | { kind: 'device'; deviceId: string; deviceType: DeviceType; name: string; tenantType: TenantType; tenantId: string }
  | { kind: 'system'; name: string };

/**
 * Where a resource sits: every tenant above it, so a grant at any level can match.
 * `{}` means "no particular tenant" (lists, which are filtered by the caller's grants).
 */
export interface Resource {
  agencyId?: string;
  outletId?: string;
  schoolId?: string;
  classId?: string;
  studentId?: string;
}

const TENANT_KEY: Record<Exclude<TenantType, 'platform'>, keyof Resource> = {
  agency: 'agencyId',
  outlet: 'outletId',
  school: 'schoolId',
  class: 'classId',
  student: 'studentId',
};

type Rule = 'public' | 'authenticated' | 'device' | readonly Role[];

const READERS = ['operator', 'support'] as const;

/**
 * Actions and who may take them. `public`: anyone; `authenticated`: any logged-in user;
 * `device`: a registered device with a valid signature; otherwise the listed roles, within
 * the resource's tenants when the resource names any.
 */
export const ACTIONS = {
  'public': 'public',
  'session.self': 'authenticated',
  'system.read': 'authenticated',
  'jobs.read': ['operator'],
  'jobs.retry': ['operator'],
  'users.read': [...READERS],
  'users.manage': ['operator'],
  // 10086 support reads everywhere (to explain a charge or a missing SMS) and changes nothing here.
  'ledger.read': [...READERS],
  'ledger.write': ['operator'],
  'sms.read': [...READERS],
  'sms.send': ['operator'],
  'sms.optouts': ['operator'],
  'sms.sim': ['operator'],
  // The tenant tree: agencies, their outlets and schools, classes, students.
  'agency.read': [...READERS, 'agent'],
  'agency.manage': ['operator'],
  'outlet.read': [...READERS, 'agent', 'clerk'],
  'outlet.manage': ['operator', 'agent'],
  'school.read': [...READERS, 'agent', 'school_admin'],
  'school.manage': ['operator', 'agent'],
  'staff.manage': ['operator', 'school_admin'],
  'class.read': [...READERS, 'school_admin', 'teacher'],
  'class.manage': ['operator', 'school_admin'],
  'student.read': [...READERS, 'school_admin', 'teacher', 'guardian', 'student'],
  'student.manage': ['operator', 'school_admin'],
  /** A child's card limits are the guardians' to set (and the school's); never the child's. */
  'student.limits': ['operator', 'school_admin', 'guardian'],
  // 校讯通 school messaging. Guardians and students read a child's notes, attendance,
  // classwork and family numbers with 'student.read'.
  /** Gate times, cut-off, calendar, quiet hours (a school's). */
  'school.settings': ['operator', 'school_admin'],
  /** Importing a roster file into a school: agents collect schools' data (seed 001), schools keep it. */
  'roster.import': ['operator', 'agent', 'school_admin'],
  /** Writing notes to a class's families, seeing their delivery and read state. */
  'notes.send': ['operator', 'school_admin', 'teacher'],
  'notes.read': [...READERS, 'school_admin', 'teacher'],
  /** A teacher's own 家长回音 and 班主任信箱 (replies, BZR mail), and answering them. */
  'inbox.use': ['school_admin', 'teacher'],
  /** A guardian writing to a child's teachers from the portal. */
  'portal.reply': ['guardian'],
  /** A child's three 亲情电话 numbers: the guardians' to set, and the school's. */
  'family.manage': ['operator', 'school_admin', 'guardian'],
  /** Marking a student on leave (before the cut-off), correcting attendance. */
  'attendance.manage': ['operator', 'school_admin', 'teacher'],
  /** Timetable, homework and exam results of a class. */
  'classwork.manage': ['operator', 'school_admin', 'teacher'],
  /** 办公短信: staff send to their school's staff groups (free). */
  'staff.sms': ['school_admin', 'teacher'],
  // Subscriptions and billing (家校互动 包月, issue 7). Agents see and act within their agencies' schools.
  /** The catalog: services, what they include, prices (a change applies from the next month), on/off sale. */
  'subscriptions.catalog': ['operator'],
  /** Subscriptions, a number's history (events, consents, charges) and why a charge was made. */
  'subscriptions.read': [...READERS, 'agent'],
  /** Unsubscribing a family on its request (agent back office, operator, 10086 support). */
  'subscriptions.manage': ['operator', 'support', 'agent'],
  /** 代客订购: a subscription on a family's behalf, pending the guardian's SMS reply; withdrawing it. */
  'subscriptions.request': ['operator', 'agent'],
  /** A guardian's own subscriptions, history and bills in the parent portal; subscribing and cancelling. */
  'subscriptions.own': ['guardian'],
  /** Starting a monthly billing run, setting agents' shares. */
  'billing.run': ['operator'],
  /** Billing runs, their results and the carrier file, the per-school and per-agency summary. */
  'billing.runs': [...READERS],
  /** Agents' commission statements and shares (an agent: their own agency's). */
  'billing.read': [...READERS, 'agent'],
  // Devices and the audit trail.
  'devices.read': [...READERS],
  'devices.manage': ['operator'],
  'device.call': 'device',
  'audit.read': ['operator'],
  // Personal data: anyone downloads their own; operators anonymise people who left.
  'privacy.export': 'authenticated',
  'privacy.anonymise': ['operator'],
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof ACTIONS;

export function isAction(a: string): a is Action {
  return Object.prototype.hasOwnProperty.call(ACTIONS, a);
}

/** The roles an action names (empty for public, authenticated and device actions). */
export function rolesFor(action: Action): readonly Role[] {
  const rule: Rule = ACTIONS[action];
  return typeof rule === 'string' ? [] : rule;
}

function scoped(resource: Resource): boolean {
  return Object.values(resource).some((v) => v !== undefined);
}

/** Does this grant reach this resource? Platform grants reach everything. */
export function grantReaches(g: RoleGrant, resource: Resource): boolean {
  if (g.tenantType === 'platform' || !scoped(resource)) {
    return true;
  }
  return resource[TENANT_KEY[g.tenantType]] === g.tenantId;
}

export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  const rule: Rule = ACTIONS[action];
  if (rule === 'public') {
    return true;
  }
  if (actor.kind === 'system') {
    return true;
  }
  if (rule === 'device') {
    return actor.kind === 'device';
  }
  if (actor.kind !== 'user') {
    return false;
  }
  if (rule === 'authenticated') {
    return true;
  }
  return actor.roles.some((g) => rule.includes(g.role) && grantReaches(g, resource));
}

/** The grants of an actor that allow an action (for filtering lists); platform first. */
export function grantsFor(actor: Actor, action: Action): RoleGrant[] {
  if (actor.kind !== 'user') {
    return [];
  }
  const rule: Rule = ACTIONS[action];
  if (typeof rule === 'string') {
    return [];
  }
  return actor.roles.filter((g) => rule.includes(g.role)).sort((a, b) => Number(b.tenantType === 'platform') - Number(a.tenantType === 'platform'));
}
