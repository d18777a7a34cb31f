/** 名册导入页面共用的类型与小工具。 */
import type { components } from '../../../api/schema';

export type RosterImport = components['schemas']['RosterImport'];
export type ImportLine = components['schemas']['RosterImportLine'];
export type LineStatus = ImportLine['status'];

export const STATUS_TITLES: Record<LineStatus, string> = { new: '新增', changed: '变更', unchanged: '未变', error: '错误' };
export const STATUS_COLORS: Record<LineStatus, string> = { new: 'green', changed: 'blue', unchanged: 'default', error: 'red' };
export const IMPORT_STATUS: Record<RosterImport['status'], { text: string; color: string }> = {
  previewed: { text: '待确认', color: 'orange' },
  applying: { text: '应用中', color: 'processing' },
  applied: { text: '已应用', color: 'green' },
  expired: { text: '已过期', color: 'default' },
};

/** 预览里学生和教师合计的各状态行数。 */
export const totals = (imp: RosterImport): Record<LineStatus, number> => {
  const s = imp.summary.students;
  const t = imp.summary.teachers;
  return { new: s.new + t.new, changed: s.changed + t.changed, unchanged: s.unchanged + t.unchanged, error: s.error + t.error };
};

/** 读文件为 Base64（不含 data: 前缀）。 */
export const fileToBase64 = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('无法读取文件'));
    reader.readAsDataURL(file);
  });

export const percent = (p: { done: number; total: number }): number => (p.total === 0 ? 0 : Math.min(100, Math.floor((p.done / p.total) * 100)));
