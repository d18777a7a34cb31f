/**
 * A roster file's rows as the import understands them: normalized (学籍号 and card numbers in
 * capitals, mobile numbers as 11 digits, grades as numbers, full-width brackets made plain) and
 * checked on their own and against each other (a 学籍号 or card number twice in the file, one
 * mobile number with two names, two head teachers for one class). Checks against the school's
 * current roster are plan.ts's.
 */
import { CARD_NO } from '../../org';
import { normalizeMsisdn } from '../../../platform/msisdn';
import type { RawRow } from './parse';

export interface GuardianLine { name: string; phone: string; relation: string | null }
export interface StudentLine {
  rowNo: number;
  grade: number | null;
  className: string;
  studentNo: string;
  name: string;
  cardNo: string | null;
  guardians: GuardianLine[];
  /** The guardian columns as written (shown for rows whose guardians could not be read). */
  guardianText: string;
}
export interface TeacherLine { rowNo: number; name: string; phone: string; className: string; subjects: string | null; head: boolean }
export interface Checked<T> { line: T; errors: string[] }

const STUDENT_NO = /^[A-Z0-9]{4,32}$/;
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };

/** '3', '3年级', '三年级', '初一', '高二', '七年级' → 1–12; '' → null; anything else → NaN. */
export function parseGrade(v: string): number | null {
  const s = v.replace(/\s/g, '');
  if (s === '') {return null;}
  let m = /^(\d{1,2})(?:年级)?$/.exec(s);
  if (m) {return Number(m[1]);}
  m = /^(一|二|三|四|五|六|七|八|九|十|十一|十二)年级$/.exec(s);
  if (m) {return CN_DIGITS[m[1]!]!;}
  m = /^(初|高)(一|二|三)$/.exec(s);
  if (m) {return (m[1] === '初' ? 6 : 9) + CN_DIGITS[m[2]!]!;}
  return Number.NaN;
}

/** The words a class of a grade is named with: 三年级(2)班, 初一(3)班, 七年级1班, 高二(5)班, 3年级2班. */
export function gradeWords(grade: number): string[] {
  const cn = Object.keys(CN_DIGITS).find((k) => CN_DIGITS[k] === grade)!;
  const words = [`${cn}年级`, `${grade}年级`];
  if (grade >= 7 && grade <= 9) {words.push(`初${Object.keys(CN_DIGITS)[grade - 7]}`);}
  if (grade >= 10 && grade <= 12) {words.push(`高${Object.keys(CN_DIGITS)[grade - 10]}`);}
  return words;
}

/** Class names compared the way people type them: brackets half-width, no spaces. */
export function classKey(name: string): string {
  return name.replace(/（/g, '(').replace(/）/g, ')').replace(/\s/g, '');
}

const YES = new Set(['是', 'Y', 'YES', '1', '√', '班主任', 'TRUE']);
const NO = new Set(['', '否', 'N', 'NO', '0', 'FALSE']);

function phoneOf(v: string): string | null {
  return normalizeMsisdn(v.replace(/\.0$/, ''));
}

export function checkStudents(rows: RawRow[]): Checked<StudentLine>[] {
  const seenNo = new Map<string, number>();
  const seenCard = new Map<string, number>();
  const phoneName = new Map<string, { name: string; rowNo: number }>();
  return rows.map((r) => {
    const c = r.cells;
    const errors: string[] = [];
    const grade = parseGrade(c['年级'] ?? '');
    if (Number.isNaN(grade) || (grade !== null && (grade < 1 || grade > 12))) {
      errors.push(`年级“${c['年级']}”不正确（如 三年级、3、初一）`);
    }
    const className = classKey(c['班级'] ?? '');
    if (className === '') {errors.push('班级为空');}
    else if (className.length > 20) {errors.push('班级名称超过 20 个字');}
    const studentNo = (c['学籍号'] ?? '').replace(/\s/g, '').toUpperCase();
    if (studentNo === '') {errors.push('学籍号为空');}
    else if (!STUDENT_NO.test(studentNo)) {errors.push(`学籍号“${studentNo}”应为 4 到 32 位字母或数字`);}
    else if (seenNo.has(studentNo)) {errors.push(`学籍号 ${studentNo} 重复（与第 ${seenNo.get(studentNo)} 行相同）`);}
    else {seenNo.set(studentNo, r.rowNo);}
    const name = (c['学生姓名'] ?? '').trim();
    if (name === '') {errors.push('学生姓名为空');}
    else if (name.length > 20) {errors.push('学生姓名超过 20 个字');}
    const cardRaw = (c['卡号'] ?? '').replace(/\s/g, '').replace(/\.0$/, '').toUpperCase();
    const cardNo = cardRaw === '' ? null : cardRaw;
    if (cardNo !== null) {
      if (!CARD_NO.test(cardNo)) {errors.push(`卡号“${cardNo}”应为 4 到 20 位数字或字母`);}
      else if (seenCard.has(cardNo)) {errors.push(`卡号 ${cardNo} 重复（与第 ${seenCard.get(cardNo)} 行相同）`);}
      else {seenCard.set(cardNo, r.rowNo);}
    }
    const guardians: GuardianLine[] = [];
    for (const p of ['家长', '家长2'] as const) {
      const gName = (c[`${p}姓名`] ?? '').trim();
      const gPhoneRaw = (c[`${p}手机`] ?? '').trim();
      const relation = (c[p === '家长' ? '关系' : '家长2关系'] ?? '').trim() || null;
      if (gName === '' && gPhoneRaw === '') {continue;}
      const phone = phoneOf(gPhoneRaw);
      if (gPhoneRaw === '') {errors.push(`${p}手机为空`);}
      else if (phone === null) {errors.push(`${p}手机“${gPhoneRaw}”不是 11 位手机号`);}
      if (gName === '') {errors.push(`${p}姓名为空`);}
      else if (gName.length > 20) {errors.push(`${p}姓名超过 20 个字`);}
      if (relation !== null && relation.length > 10) {errors.push(`${p}关系超过 10 个字`);}
      if (phone === null || gName === '') {continue;}
      const seen = phoneName.get(phone);
      if (seen && seen.name !== gName) {
        errors.push(`手机 ${phone} 在第 ${seen.rowNo} 行是“${seen.name}”，这里是“${gName}”：同一手机号只能是一位家长`);
        continue;
      }
      if (!seen) {phoneName.set(phone, { name: gName, rowNo: r.rowNo });}
      if (guardians.some((g) => g.phone === phone)) {
        errors.push('两位家长的手机号相同');
        continue;
      }
      guardians.push({ name: gName, phone, relation });
    }
    const guardianText = (['家长', '家长2'] as const)
      .map((p) => [c[`${p}姓名`], c[`${p}手机`], c[p === '家长' ? '关系' : '家长2关系']].filter((x) => x).join(' '))
      .filter((x) => x)
      .join('；');
    return { line: { rowNo: r.rowNo, grade: Number.isNaN(grade) ? null : grade, className, studentNo, name, cardNo, guardians, guardianText }, errors };
  });
}

export function checkTeachers(rows: RawRow[]): Checked<TeacherLine>[] {
  const heads = new Map<string, { rowNo: number; phone: string }>();
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const c = r.cells;
    const errors: string[] = [];
    const name = (c['教师姓名'] ?? '').trim();
    if (name === '') {errors.push('教师姓名为空');}
    else if (name.length > 20) {errors.push('教师姓名超过 20 个字');}
    const phoneRaw = (c['手机'] ?? '').trim();
    const phone = phoneOf(phoneRaw);
    if (phoneRaw === '') {errors.push('手机为空');}
    else if (phone === null) {errors.push(`手机“${phoneRaw}”不是 11 位手机号`);}
    const className = classKey(c['班级'] ?? '');
    if (className === '') {errors.push('班级为空');}
    const subjects = (c['科目'] ?? '').trim().replace(/[,，/ ]+/g, '、') || null;
    if (subjects !== null && subjects.length > 20) {errors.push('科目超过 20 个字');}
    const headRaw = (c['是否班主任'] ?? '').trim().toUpperCase();
    const head = YES.has(headRaw);
    if (!head && !NO.has(headRaw)) {errors.push(`是否班主任应填“是”或“否”，这里是“${c['是否班主任']}”`);}
    if (phone !== null && className !== '') {
      const k = `${phone}|${className}`;
      if (seen.has(k)) {errors.push(`这位教师在 ${className} 的任教与第 ${seen.get(k)} 行重复`);}
      else {seen.set(k, r.rowNo);}
      if (head) {
        const h = heads.get(className);
        if (h && h.phone !== phone) {errors.push(`${className} 在第 ${h.rowNo} 行已有班主任：一个班只能有一位班主任`);}
        else if (!h) {heads.set(className, { rowNo: r.rowNo, phone });}
      }
    }
    return { line: { rowNo: r.rowNo, name, phone: phone ?? phoneRaw, className, subjects, head }, errors };
  });
}
