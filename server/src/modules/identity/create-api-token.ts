import { newId, randomToken } from '../../platform/ids';
import { DAY } from '../../platform/clock';
import type { IdentityDeps } from './deps';
import * as accounts from './account.repo';
import { API_TOKEN_PREFIX, API_TOKEN_SHOWN_CHARS, hashApiToken } from './api-tokens';
import { IdentityErrors } from './identity.errors';
import { toApiTokenInfo, type ApiTokenInfo } from './list-api-tokens';

export const API_TOKEN_MAX_DAYS = 365;
/** Live tokens a user may hold at once. */
export const API_TOKEN_MAX_LIVE = 20;

export interface CreateApiTokenOptions {
  userId: string;
  /** What it is for, e.g. "对账脚本"; 1 to 40 characters. */
  name: string;
  /** Valid for this many days, 1 to 365. */
  days: number;
}

/** A new API token for oneself; the token is in the result once and never again. */
export async function createApiToken(deps: IdentityDeps, opts: CreateApiTokenOptions): Promise<{ token: string; info: ApiTokenInfo }> {
  const name = opts.name.trim();
  if (name.length === 0 || name.length > 40) {
    throw IdentityErrors.TOKEN_INVALID({ field: 'name' }, '令牌名称不能为空，且不超过 40 个字');
  }
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > API_TOKEN_MAX_DAYS) {
    throw IdentityErrors.TOKEN_INVALID({ field: 'days', max: API_TOKEN_MAX_DAYS }, `有效期应为 1 到 ${API_TOKEN_MAX_DAYS} 天`);
  }
  const now = deps.clock.now();
  if ((await accounts.countLiveApiTokens(deps.db, opts.userId, now)) >= API_TOKEN_MAX_LIVE) {
    throw IdentityErrors.TOKEN_LIMIT({ max: API_TOKEN_MAX_LIVE }, `有效的访问令牌最多 ${API_TOKEN_MAX_LIVE} 个，请先吊销不用的令牌`);
  }
  const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  const row: accounts.ApiTokenRow = {
    id: newId(now),
    user_id: opts.userId,
    name,
    token_hash: hashApiToken(token),
    prefix: token.slice(0, API_TOKEN_SHOWN_CHARS),
    created_at: now,
    last_used_at: null,
    expires_at: now + opts.days * DAY,
    revoked_at: null,
  };
  await accounts.insertApiToken(deps.db, row);
  return { token, info: toApiTokenInfo(row, now) };
}
