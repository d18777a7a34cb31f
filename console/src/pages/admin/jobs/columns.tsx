import type { ProColumns } from '@ant-design/pro-components';
import { Button, Flex, Tag, Typography } from 'antd';
import { DateTime } from '../../../components/DateTime';
import { isJobStatus, JOB_STATUS, type Job, type Schedule } from './data';

const JobName = ({ title, name }: { title: string; name: string }) => (
  <Flex vertical>
    <Typography.Text strong>{title}</Typography.Text>
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {name}
    </Typography.Text>
  </Flex>
);

type JobColumnOptions = {
  /** 正在重试的任务 id，用来显示按钮的加载状态。 */
  retryingId: string | null;
  onRetry: (job: Job) => void;
};

export const jobColumns = ({ retryingId, onRetry }: JobColumnOptions): ProColumns<Job>[] => [
  {
    title: '任务',
    dataIndex: 'title',
    width: 220,
    render: (_, job) => <JobName title={job.title} name={job.name} />,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 76,
    render: (_, job) =>
      isJobStatus(job.status) ? (
        <Tag color={JOB_STATUS[job.status].color}>{JOB_STATUS[job.status].label}</Tag>
      ) : (
        <Tag>{job.status}</Tag>
      ),
  },
  {
    title: '尝试次数',
    dataIndex: 'attempts',
    width: 80,
    align: 'right',
    render: (_, job) => (
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>
        {job.attempts}/{job.maxAttempts}
      </span>
    ),
  },
  {
    title: '计划时间',
    dataIndex: 'runAt',
    width: 160,
    render: (_, job) => <DateTime value={job.runAt} />,
  },
  {
    title: '最近错误',
    dataIndex: 'lastError',
    // 不定宽：占用剩下的空间，过长时省略，悬停显示全文。
    ellipsis: true,
    render: (_, job) =>
      job.lastError ? (
        <Typography.Text type="danger" ellipsis={{ tooltip: job.lastError }} style={{ width: '100%' }}>
          {job.lastError}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
  {
    title: '创建时间',
    dataIndex: 'createdAt',
    width: 160,
    render: (_, job) => <DateTime value={job.createdAt} />,
  },
  {
    title: '完成时间',
    dataIndex: 'finishedAt',
    width: 160,
    render: (_, job) => <DateTime value={job.finishedAt} />,
  },
  {
    title: '操作',
    valueType: 'option',
    width: 64,
    fixed: 'right',
    render: (_, job) =>
      job.status === 'failed' ? (
        <Button type="link" size="small" loading={retryingId === job.id} onClick={() => onRetry(job)}>
          重试
        </Button>
      ) : null,
  },
];

export const scheduleColumns: ProColumns<Schedule>[] = [
  {
    title: '任务',
    dataIndex: 'title',
    width: 260,
    render: (_, schedule) => <JobName title={schedule.title} name={schedule.name} />,
  },
  {
    title: '执行计划（Cron）',
    dataIndex: 'cron',
    width: 180,
    render: (_, schedule) => <Typography.Text code>{schedule.cron}</Typography.Text>,
  },
  {
    title: '时区',
    dataIndex: 'timezone',
    width: 140,
  },
  {
    title: '下次执行',
    dataIndex: 'nextRunAt',
    width: 180,
    render: (_, schedule) => <DateTime value={schedule.nextRunAt} />,
  },
  {
    title: '最近入队',
    dataIndex: 'lastEnqueuedAt',
    width: 180,
    render: (_, schedule) => <DateTime value={schedule.lastEnqueuedAt} empty="尚未执行" />,
  },
];
