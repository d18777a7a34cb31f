/**
 * Identity and access: users, their roles within tenants, console sessions, and the one
 * authorization decision `can()`. The front door of the module: other code imports only this.
 */
import { resolveApiToken } from './api-tokens';
import { changePassword, type ChangePasswordOptions } from './change-password';
import { confirmPhoneChange, startPhoneChange } from './change-phone';
import { createApiToken, type CreateApiTokenOptions } from './create-api-token';
import { createUser, type CreateUserOptions } from './create-user';
import type { IdentityDeps } from './deps';
import type { RoleGrant } from './policy';
import { endSession } from './end-session';
import { ensureFirstAdmin } from './ensure-first-admin';
import { getAccount } from './get-account';
import { listApiTokens } from './list-api-tokens';
import { listSessions } from './list-sessions';
import { logIn, type LogInOptions } from './log-in';
import { issueCode, logInWithCode, resetPasswordWithCode, type CodePurpose } from './login-codes';
import { logOut } from './log-out';
import { lookUpUsers, type UserRef } from './look-up-users';
import { logOutEverywhere } from './log-out-everywhere';
import { addGrant, findPersonByPhone, getPerson, listPeople, removeGrant, setGrants, setStatus } from './people';
import { ensurePeople, idsByPhone, upsertGrants } from './import-people';
import { holdersOf, setRoleLabel, type PeopleFilter, type TenantRef } from './people.repo';
import { anonymisePerson, identityPersonalData } from './personal-data';
import { purgeSessions } from './purge-sessions';
import { resetPassword } from './reset-password';
import { resolveSession } from './resolve-session';
import { SessionCache } from './session-cache';
import { revokeApiToken } from './revoke-api-token';
import { setUserPhone } from './set-phone';
import { actorOf, toPublicUser } from './to-public-user';

export { actorRef, can, grantReaches, grantsFor, isAction, rolesFor, ACTIONS, ROLES, ROLE_TENANT, ROLE_TITLES, TENANT_TITLES, TENANT_TYPES } from './policy';
export type { Action, Actor, DeviceType, Resource, Role, RoleGrant, TenantType } from './policy';
export type { PublicUser } from './deps';
export { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './deps';
export type { ResolvedSession } from './deps';
export type { LogInResult } from './create-session';
export type { CodePurpose, IssuedCode } from './login-codes';
export { CODE_TTL_MS } from './login-codes';
export { IdentityErrors } from './identity.errors';
export type { ApiTokenInfo } from './list-api-tokens';
export type { SessionInfo } from './list-sessions';
export type { UserPhone } from './set-phone';
export { API_TOKEN_MAX_DAYS } from './create-api-token';
export { FIRST_ADMIN_LOGIN } from './ensure-first-admin';
export type { UserRef };
export { actorOf };
export type { Person } from './people';
export type { IdentityPersonalData } from './personal-data';
export type { Holder, PeopleFilter, TenantRef } from './people.repo';

export function identityModule(deps: IdentityDeps, opts: { sessionCacheMs?: number } = {}) {
  const sessions = new SessionCache(opts.sessionCacheMs);
  const methods = {
    createUser: (opts: CreateUserOptions) => createUser(deps, opts),
    logIn: (opts: LogInOptions) => logIn(deps, opts),
    /** A one-time code for a number (the SMS is sent by flows/login-code.flow.ts). */
    issueCode: (opts: { phone: string; purpose: CodePurpose; ip?: string }) => issueCode(deps, opts),
    logInWithCode: (opts: { phone: string; code: string; ip?: string; userAgent?: string }) => logInWithCode(deps, opts),
    resetPasswordWithCode: (opts: { phone: string; code: string; password: string }) => resetPasswordWithCode(deps, opts),
    logOut: (opts: { token: string }) => logOut(deps, opts),
    resolveSession: (opts: { token: string }) => resolveSession(deps, opts, sessions),
    /** The user behind an API client's bearer token, or null. */
    resolveApiToken: (opts: { token: string }) => resolveApiToken(deps, opts),
    resetPassword: (opts: { login: string; password?: string }) => resetPassword(deps, opts),
    ensureFirstAdmin: () => ensureFirstAdmin(deps),
    purgeSessions: () => purgeSessions(deps),
    getUser: (userId: string) => toPublicUser(deps.db, userId),
    // People and their grants (the tenant checks are flows/people.flow.ts's).
    listPeople: (f: PeopleFilter) => listPeople(deps, f),
    getPerson: (userId: string) => getPerson(deps, userId),
    findPersonByPhone: (phone: string) => findPersonByPhone(deps, phone),
    setGrants: (userId: string, grants: RoleGrant[], within?: TenantRef[]) => setGrants(deps, userId, grants, within),
    addGrant: (userId: string, grant: RoleGrant) => addGrant(deps, userId, grant),
    removeGrant: (userId: string, grant: RoleGrant) => removeGrant(deps, userId, grant),
    /** Who holds a role in these tenants (active people), with phone and the grant's label: guardians of students, teachers of classes. */
    holdersOf: (f: { role: RoleGrant['role']; tenantType: RoleGrant['tenantType']; tenantIds: readonly string[] }) => holdersOf(deps.db, f),
    /** A grant's label: a guardian's relation (爸爸, 妈妈…) or a teacher's subjects (语文、数学). */
    setGrantLabel: async (userId: string, grant: RoleGrant, label: string | null) =>
      setRoleLabel(deps.db, { user_id: userId, role: grant.role, tenant_type: grant.tenantType, tenant_id: grant.tenantId }, label?.trim() || null),
    setStatus: (userId: string, status: 'active' | 'disabled') => setStatus(deps, userId, status),
    // In bulk, for roster imports (flows/roster-import.flow.ts): thousands of guardians at once.
    /** Users' ids by mobile number. */
    idsByPhone: (phones: readonly string[]) => idsByPhone(deps, phones),
    /** The user of each number, created when missing (login = the number, no password: SMS-code log-in). */
    ensurePeople: (people: readonly { name: string; phone: string }[]) => ensurePeople(deps, people),
    /** Adds grants (kept when held) with their labels. */
    upsertGrants: (grants: readonly (RoleGrant & { userId: string; label: string | null })[]) => upsertGrants(deps, grants),
    /** What identity holds about a person (their data download). */
    personalData: (userId: string) => identityPersonalData(deps, userId),
    /** A person who left: name, login, number, roles and sessions go; the id stays. */
    anonymisePerson: (userId: string) => anonymisePerson(deps, userId),
    /** Users by id or login, in bulk (names for records that keep only ids, e.g. the audit log). */
    lookUpUsers: (q: { ids?: string[]; logins?: string[] }) => lookUpUsers(deps, q),
    // My account: the user acting on their own sessions, password, tokens and phone.
    getAccount: (opts: { userId: string }) => getAccount(deps, opts),
    listSessions: (opts: { userId: string; currentToken?: string }) => listSessions(deps, opts),
    endSession: (opts: { userId: string; sessionId: string; currentToken?: string }) => endSession(deps, opts),
    /** Ends every session of the user, the current one included; API tokens stay. */
    logOutEverywhere: (opts: { userId: string }) => logOutEverywhere(deps, opts),
    /** Ends every other session; a wrong current password counts toward the log-in lockout. */
    changePassword: (opts: ChangePasswordOptions) => changePassword(deps, opts),
    createApiToken: (opts: CreateApiTokenOptions) => createApiToken(deps, opts),
    listApiTokens: (opts: { userId: string }) => listApiTokens(deps, opts),
    revokeApiToken: (opts: { userId: string; tokenId: string }) => revokeApiToken(deps, opts),
    /** A code for one's own new number (the SMS is sent by flows/login-code.flow.ts). */
    startPhoneChange: (opts: { userId: string; phone: string; ip?: string }) => startPhoneChange(deps, opts),
    confirmPhoneChange: (opts: { userId: string; phone: string; code: string }) => confirmPhoneChange(deps, opts),
    /** An operator sets a user's number. */
    setUserPhone: (opts: { userId: string; phone: string }) => setUserPhone(deps, opts),
  };
  // Methods that change no session, user or grant; every other method clears the session cache when it returns.
  const reads = new Set<keyof typeof methods>([
    'resolveSession',
    'resolveApiToken',
    'getUser',
    'listPeople',
    'getPerson',
    'findPersonByPhone',
    'holdersOf',
    'idsByPhone',
    'personalData',
    'lookUpUsers',
    'getAccount',
    'listSessions',
    'listApiTokens',
  ]);
  for (const name of Object.keys(methods) as (keyof typeof methods)[]) {
    if (!reads.has(name)) {
      const fn = methods[name] as (...a: unknown[]) => Promise<unknown>;
      (methods as Record<string, unknown>)[name] = async (...a: unknown[]) => {
        try {
          return await fn(...a);
        } finally {
          sessions.clear();
        }
      };
    }
  }
  return methods;
}

export type IdentityModule = ReturnType<typeof identityModule>;
