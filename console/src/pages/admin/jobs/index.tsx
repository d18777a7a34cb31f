import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { App, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { jobColumns, scheduleColumns } from './columns';
import { JobSummary } from './components/JobSummary';
import { isJobStatus, JOB_STATUS, JOB_STATUSES, type Job, type JobCounts, type JobStatus, type Schedule } from './data';

type Filter = JobStatus | 'all';

const FILTER_TABS = [
  { key: 'all', label: '全部' },
  ...JOB_STATUSES.map((status) => ({ key: status, label: JOB_STATUS[status].label })),
];

const JobsTable = () => {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [filter, setFilter] = useState<Filter>('all');
  const [counts, setCounts] = useState<JobCounts>();
  const [retryingId, setRetryingId] = useState<string | null>(null);

  const retry = async (job: Job) => {
    setRetryingId(job.id);
    try {
      await api.POST('/api/admin/jobs/{id}/retry', { params: { path: { id: job.id } } });
      message.success('已重新排队');
      await actionRef.current?.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setRetryingId(null);
    }
  };

  const columns = jobColumns({ retryingId, onRetry: (job) => void retry(job) });

  return (
    <>
      <JobSummary counts={counts} active={filter} onSelect={setFilter} />
      <ProTable<Job, { status?: JobStatus }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        params={filter === 'all' ? {} : { status: filter }}
        request={async ({ status, current = 1, pageSize = 20 }) => {
          try {
            const result = await unwrap(
              api.GET('/api/admin/jobs', {
                params: { query: { status, limit: pageSize, offset: (current - 1) * pageSize } },
              }),
            );
            setCounts(result.counts);
            return { data: result.items, total: result.total, success: true };
          } catch (error) {
            message.error(errorMessage(error));
            return { data: [], total: 0, success: false };
          }
        }}
        search={false}
        cardBordered
        options={{ reload: true, density: false, setting: false, fullScreen: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        size="middle"
        scroll={{ x: 1000 }}
        toolbar={{
          menu: {
            type: 'tab',
            activeKey: filter,
            items: FILTER_TABS,
            onChange: (key) => setFilter(isJobStatus(key) ? key : 'all'),
          },
        }}
        locale={{ emptyText: filter === 'all' ? '暂无后台任务' : `暂无“${JOB_STATUS[filter].label}”的任务` }}
      />
    </>
  );
};

const SchedulesTable = () => {
  const { message } = App.useApp();
  return (
    <ProTable<Schedule>
      rowKey="name"
      headerTitle={<Typography.Text type="secondary">到点后由系统自动排入任务队列</Typography.Text>}
      columns={scheduleColumns}
      request={async () => {
        try {
          const result = await unwrap(api.GET('/api/admin/schedules'));
          return { data: result.items, total: result.items.length, success: true };
        } catch (error) {
          message.error(errorMessage(error));
          return { data: [], total: 0, success: false };
        }
      }}
      search={false}
      cardBordered
      pagination={false}
      options={{ reload: true, density: false, setting: false, fullScreen: false }}
      size="middle"
      scroll={{ x: 900 }}
      locale={{ emptyText: '暂无定时任务' }}
    />
  );
};

const TABS = [
  { key: 'queue', tab: '任务队列' },
  { key: 'schedules', tab: '定时任务' },
];

/** 系统管理 › 后台任务：任务队列（按状态筛选、失败重试）与定时任务。 */
const JobsPage = () => {
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = searchParams.get('tab') === 'schedules' ? 'schedules' : 'queue';

  return (
    <PageContainer
      content="系统在后台排队执行的工作。失败的任务可在排查原因后重新排队。"
      tabList={TABS}
      tabActiveKey={tab}
      onTabChange={(key) => setSearchParams(key === 'schedules' ? { tab: key } : {}, { replace: true })}
    >
      {tab === 'queue' ? <JobsTable /> : <SchedulesTable />}
    </PageContainer>
  );
};

export default JobsPage;
