/** 课表作业成绩页面共用的类型和小工具。 */
import type { components } from '../../../api/schema';

export type Timetable = components['schemas']['Timetable'];
export type Slot = Timetable['slots'][number];
export type Homework = components['schemas']['Homework'];
export type Exam = components['schemas']['Exam'];
export type ResultsSheet = components['schemas']['ResultsSheet'];

export const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export const COMMON_SUBJECTS = ['语文', '数学', '英语', '科学', '道德与法治', '体育', '音乐', '美术', '书法', '信息技术', '劳动', '班会', '阅读'];

/** 一次提交用一个请求编号：网络重试不会重复布置。 */
export const newKey = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** 'YYYY-MM-DD' 相差几天（b − a）。 */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** 作业截止：今天、明天、后天、N 天后，或已过期。 */
export const dueLabel = (today: string, due: string): { text: string; color: string } => {
  const d = daysBetween(today, due);
  if (d < 0) {return { text: '已截止', color: 'default' };}
  if (d === 0) {return { text: '今天截止', color: 'red' };}
  if (d === 1) {return { text: '明天截止', color: 'orange' };}
  if (d === 2) {return { text: '后天截止', color: 'gold' };}
  return { text: `${due.slice(5).replace('-', '月')}日截止`, color: 'blue' };
};

/** 今天是周几（1 周一 … 7 周日）。 */
export const weekdayOf = (day: string): number => {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
};

/** 读文件为 Base64（不含 data: 前缀）。 */
export const fileToBase64 = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve((typeof reader.result === 'string' ? reader.result : '').replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('无法读取文件'));
    reader.readAsDataURL(file);
  });
