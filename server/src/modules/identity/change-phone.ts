/**
 * Changing one's own number: a code goes by SMS to the new number (the flow sends it), and
 * typing it back proves the number is theirs. Wrong codes count toward the number's lockout.
 */
import type { IdentityDeps } from './deps';
import { IdentityErrors } from './identity.errors';
import * as accounts from './account.repo';
import * as repo from './identity.repo';
import { issueCode, normalizePhone, redeem, type IssuedCode } from './login-codes';
import { writePhone } from './set-phone';

/** Checks the new number (valid, not one's own already, nobody else's) and issues a code for it. */
export async function startPhoneChange(deps: IdentityDeps, opts: { userId: string; phone: string; ip?: string }): Promise<IssuedCode> {
  const phone = normalizePhone(opts.phone);
  const user = await repo.findUserById(deps.db, opts.userId);
  if (!user) {
    throw IdentityErrors.USER_NOT_FOUND({ userId: opts.userId });
  }
  if (user.phone === phone) {
    throw IdentityErrors.PHONE_UNCHANGED();
  }
  if (await accounts.otherUserWithPhone(deps.db, phone, user.id)) {
    throw IdentityErrors.USER_PHONE_TAKEN();
  }
  return issueCode(deps, { phone, purpose: 'phone', ip: opts.ip, userId: user.id });
}

/** The code from the SMS proves the new number: it becomes the user's. */
export async function confirmPhoneChange(deps: IdentityDeps, opts: { userId: string; phone: string; code: string }): Promise<{ phone: string }> {
  const phone = normalizePhone(opts.phone);
  await redeem(deps, phone, opts.code, 'phone', opts.userId);
  await writePhone(deps, opts.userId, phone, false);
  return { phone };
}
