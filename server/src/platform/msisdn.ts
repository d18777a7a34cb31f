/** Mainland China mobile numbers, as every module stores them: 11 digits, no prefix. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const SEPARATORS = /[\s-]/g;
const COUNTRY_PREFIX = /^(?:\+86|0086|86)(?=\d{11}$)/;

/**
 * '+86 138-0013-8000', '008613800138000', '8613800138000', '138 0013 8000' → '13800138000';
 * null when the rest is not an 11-digit mainland mobile number (1[3-9] + 9 digits).
 */
export function normalizeMsisdn(input: string): string | null {
  const digits = input.replace(SEPARATORS, '').replace(COUNTRY_PREFIX, '');
  return MAINLAND_MOBILE.test(digits) ? digits : null;
}
