import { OrgErrors } from './org.errors';

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;

export function checkCode(code: string): string {
  const c = code.trim().toUpperCase();
  if (!CODE.test(c)) {
    throw OrgErrors.ORG_INVALID({ field: 'code' }, '编码为 2 到 32 位大写字母、数字、下划线或连字符');
  }
  return c;
}

export function checkName(name: string, field = 'name', max = 40): string {
  const n = name.trim();
  if (n.length === 0 || n.length > max) {
    throw OrgErrors.ORG_INVALID({ field }, `名称不能为空，且不超过 ${max} 个字`);
  }
  return n;
}

export function optionalText(v: string | null | undefined, field: string, max = 80): string | null {
  if (v === undefined || v === null) {
    return null;
  }
  const s = v.trim();
  if (s.length > max) {
    throw OrgErrors.ORG_INVALID({ field }, `不超过 ${max} 个字`);
  }
  return s.length === 0 ? null : s;
}
