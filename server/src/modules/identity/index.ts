/**
 * Identity and access: users, their roles within tenants, console sessions, and the one
 * authorization decision `can()`. The front door of the module: other code imports only this.
 */
import { resolveApiToken } from './api-tokens';
import { createUser, type CreateUserOptions } from './create-user';
import type { IdentityDeps } from './deps';
import { ensureFirstAdmin } from './ensure-first-admin';
import { logIn, type LogInOptions } from './log-in';
import { issueCode, logInWithCode, resetPasswordWithCode, type CodePurpose } from './login-codes';
import { logOut } from './log-out';
import { purgeSessions } from './purge-sessions';
import { resetPassword } from './reset-password';
import { resolveSession } from './resolve-session';
import { actorOf, toPublicUser } from './to-public-user';

export { can, grantReaches, grantsFor, isAction, rolesFor, ACTIONS, ROLES, ROLE_TENANT, ROLE_TITLES, TENANT_TITLES, TENANT_TYPES } from './policy';
export type { Action, Actor, DeviceType, Resource, Role, RoleGrant, TenantType } from './policy';
export type { PublicUser } from './deps';
export { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './deps';
export type { ResolvedSession } from './resolve-session';
export type { LogInResult } from './create-session';
export type { CodePurpose, IssuedCode } from './login-codes';
export { CODE_TTL_MS } from './login-codes';
export { IdentityErrors } from './identity.errors';
export { FIRST_ADMIN_LOGIN } from './ensure-first-admin';
export { actorOf };

export function identityModule(deps: IdentityDeps) {
  return {
    createUser: (opts: CreateUserOptions) => createUser(deps, opts),
    logIn: (opts: LogInOptions) => logIn(deps, opts),
    /** A one-time code for a number (the SMS is sent by flows/login-code.flow.ts). */
    issueCode: (opts: { phone: string; purpose: CodePurpose; ip?: string }) => issueCode(deps, opts),
    logInWithCode: (opts: { phone: string; code: string; ip?: string; userAgent?: string }) => logInWithCode(deps, opts),
    resetPasswordWithCode: (opts: { phone: string; code: string; password: string }) => resetPasswordWithCode(deps, opts),
    logOut: (opts: { token: string }) => logOut(deps, opts),
    resolveSession: (opts: { token: string }) => resolveSession(deps, opts),
    /** The user behind an API client's bearer token, or null. */
    resolveApiToken: (opts: { token: string }) => resolveApiToken(deps, opts),
    resetPassword: (opts: { login: string; password?: string }) => resetPassword(deps, opts),
    ensureFirstAdmin: () => ensureFirstAdmin(deps),
    purgeSessions: () => purgeSessions(deps),
    getUser: (userId: string) => toPublicUser(deps.db, userId),
  };
}

export type IdentityModule = ReturnType<typeof identityModule>;
