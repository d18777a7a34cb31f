import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Popconfirm, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { usePolling } from '../../../components/usePolling';
import { REQUEST_STATUS, timeLeft, type SubscriptionRequest } from '../billing';
import { useReloadWhen } from '../useReloadWhen';

type Filter = 'pending' | 'all';

/** 离 24 小时期限还有多久；每 30 秒刷新一次列表，倒计时随之更新。 */
const Countdown = ({ request }: { request: SubscriptionRequest }) => {
  const left = timeLeft(request.expiresAt);
  if (request.status !== 'pending' || left === null) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const hours = (new Date(request.expiresAt).getTime() - Date.now()) / 3_600_000;
  return <Typography.Text type={hours < 2 ? 'danger' : hours < 6 ? 'warning' : undefined}>{left}</Typography.Text>;
};

/**
 * 待确认（代理商）：代客订购后等家长回复 Y 的申请，显示离 24 小时期限还剩多久；可以撤回。
 * 切到“全部”看已确认、未同意、超时和撤回的。
 */
const RequestsPage = () => {
  const { message } = App.useApp();
  const can = access(useSession().user);
  const [filter, setFilter] = useState<Filter>('pending');
  const [page, setPage] = useState(1);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const list = useApi((signal) =>
    unwrap(api.GET('/api/subscription-requests', { signal, params: { query: { status: filter === 'pending' ? 'pending' : undefined, limit: 20, offset: (page - 1) * 20 } } })),
  );
  useReloadWhen(list.reload, [filter, page]);
  usePolling(list.reload, 30_000);

  const withdraw = async (request: SubscriptionRequest) => {
    setWithdrawing(request.id);
    try {
      await unwrap(api.POST('/api/subscription-requests/{id}/withdraw', { params: { path: { id: request.id } } }));
      message.success(`已撤回 ${request.msisdn} 的代订申请`);
      list.reload();
    } catch (error) {
      message.error(errorMessage(error));
      list.reload();
    } finally {
      setWithdrawing(null);
    }
  };

  return (
    <PageContainer content="代客订购发出后，家长须在 24 小时内回复 Y 才订购；超时、回复其他内容或撤回都不订购，不收费。">
      <Card>
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={[
            { value: 'pending', label: '待家长确认' },
            { value: 'all', label: '全部' },
          ]}
          style={{ marginBottom: 12 }}
        />
        {list.error ? <Alert type="error" showIcon message={errorMessage(list.error)} style={{ marginBottom: 12 }} /> : null}
        <Table<SubscriptionRequest>
          rowKey="id"
          size="middle"
          data-testid="requests"
          loading={list.loading && !list.data}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1050 }}
          locale={{ emptyText: filter === 'pending' ? '没有待家长确认的申请' : '没有代订申请' }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            { title: '号码', dataIndex: 'msisdn', width: 130 },
            { title: '学校', dataIndex: 'schoolName' },
            { title: '业务', dataIndex: 'serviceName', width: 110 },
            { title: '状态', dataIndex: 'status', width: 120, render: (_: unknown, r: SubscriptionRequest) => <Tag color={REQUEST_STATUS[r.status].color}>{REQUEST_STATUS[r.status].label}</Tag> },
            { title: '发起', dataIndex: 'requestedAt', width: 170, render: (_: unknown, r: SubscriptionRequest) => <DateTime value={r.requestedAt} /> },
            { title: '确认期限', dataIndex: 'expiresAt', width: 150, render: (_: unknown, r: SubscriptionRequest) => <Countdown request={r} /> },
            { title: '经办人', dataIndex: 'requestedByName', width: 100 },
            { title: '家长回复', dataIndex: 'replyText', width: 100, render: (_: unknown, r: SubscriptionRequest) => r.replyText ?? '—' },
            {
              title: '操作',
              key: 'op',
              width: 80,
              render: (_: unknown, r: SubscriptionRequest) =>
                r.status === 'pending' && can.canSubscriptionRequest ? (
                  <Popconfirm title="撤回这条代订申请？" description="撤回后家长再回复也不会订购。" okText="撤回" cancelText="取消" onConfirm={() => void withdraw(r)}>
                    <Button type="link" size="small" danger loading={withdrawing === r.id}>
                      撤回
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
};

export default RequestsPage;
