/**
 * The one authorization decision: `can(actor, action, resource)`. Every route and CLI
 * command names its action; this function is pure, so it is tested as a table.
 * The identity issue extends the roles and tenant rules; the shape stays.
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

export const TENANT_TYPES = ['platform', 'agency', 'outlet', 'school', 'family'] as const;
export type TenantType = (typeof TENANT_TYPES)[number];

export interface RoleGrant {
  role: Role;
  tenantType: TenantType;
  tenantId: string;
}

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; login: string; name: string; roles: RoleGrant[] }
  | { kind: 'system'; name: string };

export interface Resource {
  tenantType?: TenantType;
  tenantId?: string;
}

/**
 * Actions and who may take them. `public`: anyone; `authenticated`: any logged-in user;
 * otherwise the listed roles (within the resource's tenant when the resource names one).
 */
export const ACTIONS = {
  'public': 'public',
  'session.self': 'authenticated',
  'system.read': 'authenticated',
  'jobs.read': ['operator'],
  'jobs.retry': ['operator'],
  'users.manage': ['operator'],
  'ledger.read': ['operator'],
  'ledger.write': ['operator'],
  'sms.read': ['operator'],
  'sms.send': ['operator'],
  'sms.optouts': ['operator'],
  'sms.sim': ['operator'],
} as const satisfies Record<string, 'public' | 'authenticated' | readonly Role[]>;

export type Action = keyof typeof ACTIONS;

export function isAction(a: string): a is Action {
  return Object.prototype.hasOwnProperty.call(ACTIONS, a);
}

export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  const rule = ACTIONS[action];
  if (rule === 'public') {
    return true;
  }
  if (actor.kind === 'system') {
    return true;
  }
  if (actor.kind === 'anonymous') {
    return false;
  }
  if (rule === 'authenticated') {
    return true;
  }
  const allowed: readonly Role[] = rule;
  return actor.roles.some((g) => {
    if (!allowed.includes(g.role)) {
      return false;
    }
    // The carrier's operators act across every tenant; everyone else within their own.
    if (g.tenantType === 'platform' || resource.tenantType === undefined) {
      return true;
    }
    return g.tenantType === resource.tenantType && g.tenantId === resource.tenantId;
  });
}
