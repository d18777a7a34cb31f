import type { components } from '../../../api/schema';

export type SchoolNote = components['schemas']['SchoolNote'];
export type NoteRecipient = components['schemas']['SchoolNoteRecipient'];
export type InboxItem = components['schemas']['SchoolInboxItem'];
export type NoteTemplate = components['schemas']['SchoolNoteTemplate'];
export type PortalNote = components['schemas']['PortalNote'];
export type NoteType = SchoolNote['type'];

/** 留言类型：中文名和标签颜色。 */
export const NOTE_TYPES: Record<NoteType, { title: string; color: string }> = {
  performance: { title: '课堂表现', color: 'green' },
  homework: { title: '作业', color: 'blue' },
  conduct: { title: '操行评语', color: 'purple' },
  result: { title: '考试成绩', color: 'gold' },
  status: { title: '近期状况', color: 'cyan' },
  notice: { title: '通知', color: 'red' },
};

export const NOTE_TYPE_OPTIONS = (Object.keys(NOTE_TYPES) as NoteType[]).map((value) => ({ value, label: NOTE_TYPES[value].title }));

/** 短信状态（留言详情每位家长一行）。none：未订购家校互动，只在家长网校查看。 */
export const SMS_STATE: Record<string, { text: string; color: string }> = {
  none: { text: '仅网校', color: 'default' },
  queued: { text: '排队中', color: 'processing' },
  submitted: { text: '已提交', color: 'processing' },
  accepted: { text: '待报告', color: 'processing' },
  unknown: { text: '结果未知', color: 'warning' },
  delivered: { text: '已送达', color: 'success' },
  failed: { text: '失败', color: 'error' },
  expired: { text: '已过期', color: 'error' },
  blocked: { text: '已拦截', color: 'magenta' },
};

/** 留言的收信范围：全校，或班级名。 */
export const targetText = (note: Pick<SchoolNote, 'target' | 'classes'>): string =>
  note.target === 'school' ? '全校' : note.classes.map((klass) => klass.name).join('、') + (note.target === 'students' ? '（选定学生）' : '');

/** 家长称呼：王小兵妈妈 李芳。 */
export const guardianText = (item: { studentName: string | null; guardianName: string }): string => `${item.studentName ?? ''}家长 ${item.guardianName}`;
