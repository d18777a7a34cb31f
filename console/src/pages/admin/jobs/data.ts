import type { paths } from '../../../api/schema';

type JobList = paths['/api/admin/jobs']['get']['responses'][200]['content']['application/json'];
type JobQuery = NonNullable<paths['/api/admin/jobs']['get']['parameters']['query']>;
type ScheduleList = paths['/api/admin/schedules']['get']['responses'][200]['content']['application/json'];

export type Job = JobList['items'][number];
export type JobCounts = JobList['counts'];
export type JobStatus = NonNullable<JobQuery['status']> & keyof JobCounts;
export type Schedule = ScheduleList['items'][number];

/** 任务状态的中文名和标签颜色；筛选页签、汇总和表格都用这一份。 */
export const JOB_STATUS: Record<JobStatus, { label: string; color: string }> = {
  queued: { label: '排队中', color: 'default' },
  running: { label: '执行中', color: 'processing' },
  done: { label: '已完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
};

export const JOB_STATUSES = Object.keys(JOB_STATUS) as JobStatus[];

export const isJobStatus = (value: unknown): value is JobStatus =>
  typeof value === 'string' && Object.hasOwn(JOB_STATUS, value);
