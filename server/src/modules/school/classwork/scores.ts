/**
 * A result is a score in tenths of a point (92.5 → 925, never a float) or a grade. The
 * teacher types "92", "92.5", "优" or "缺考"; families read "92" or "92.5" or "优".
 */
export const GRADES = ['优秀', '良好', '合格', '不合格', '及格', '不及格', '优', '良', '中', '差', 'A', 'B', 'C', 'D', 'E', '缺考', '免考'] as const;

export type ParsedResult = { scoreTenths: number; grade: null } | { scoreTenths: null; grade: string } | null;

/**
 * Parses what a teacher typed. '' is "no result"; a number must lie in 0…fullMarks with at
 * most one decimal; otherwise a known grade. Returns an error message for anything else.
 */
export function parseResult(raw: string | number | null | undefined, fullMarks: number): { ok: true; value: ParsedResult } | { ok: false; message: string } {
  if (raw === null || raw === undefined) {
    return { ok: true, value: null };
  }
  const s = String(raw).trim().toUpperCase();
  if (s === '') {
    return { ok: true, value: null };
  }
  const m = /^(\d{1,3})(?:\.(\d))?$/.exec(s);
  if (m) {
    const tenths = Number(m[1]) * 10 + Number(m[2] ?? 0);
    if (tenths > fullMarks * 10) {
      return { ok: false, message: `分数 ${s} 超出范围（0 到 ${fullMarks} 分）` };
    }
    return { ok: true, value: { scoreTenths: tenths, grade: null } };
  }
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    return { ok: false, message: `分数 ${s} 不正确（0 到 ${fullMarks} 分，最多一位小数）` };
  }
  if ((GRADES as readonly string[]).includes(s)) {
    return { ok: true, value: { scoreTenths: null, grade: s } };
  }
  return { ok: false, message: `“${String(raw).slice(0, 20)}”不是分数，也不是等级（${GRADES.slice(0, 10).join('、')}、缺考…）` };
}

/** 925 → "92.5", 920 → "92". */
export function formatScore(tenths: number): string {
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

export function formatResult(r: { score_tenths: number | null; grade: string | null }): string {
  return r.score_tenths !== null ? formatScore(r.score_tenths) : (r.grade ?? '');
}
