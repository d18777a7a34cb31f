import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Flex, Input, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { ServiceName } from '../components/ServiceName';
import { moRouteLabel, moStatusLook, type SmsMo } from '../sms';

/** 发送方的号码链接：能用短信模拟器的看这部手机，其他人（客服）看发给这个号码的短信。 */
const moColumns = (canSim: boolean): ProColumns<SmsMo>[] => [
  {
    title: '收到时间',
    dataIndex: 'receivedAt',
    width: 164,
    render: (_, mo) => <DateTime value={mo.receivedAt} />,
  },
  {
    title: '发送方',
    dataIndex: 'from',
    width: 124,
    render: (_, mo) => (
      <Link
        to={canSim ? `/sms/simulator?msisdn=${encodeURIComponent(mo.from)}` : `/sms/messages?to=${encodeURIComponent(mo.from)}`}
        title={canSim ? '在短信模拟器中查看这部手机' : '查看发给这个号码的短信'}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {mo.from}
      </Link>
    ),
  },
  {
    title: '发往',
    dataIndex: 'to',
    width: 124,
    render: (_, mo) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{mo.to}</span>,
  },
  {
    title: '内容',
    dataIndex: 'text',
    // 不定宽：占用剩下的空间。
    render: (_, mo) => (
      <Flex gap={6} align="center" style={{ minWidth: 0 }}>
        <Typography.Text strong ellipsis={{ tooltip: mo.text }} style={{ flex: 1, minWidth: 0 }}>
          {mo.text}
        </Typography.Text>
        {mo.parts > 1 ? (
          <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
            {mo.parts} 段
          </Tag>
        ) : null}
      </Flex>
    ),
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (_, mo) => {
      const look = moStatusLook(mo.status);
      return (
        <Tag color={look.color} bordered={false}>
          {look.label}
        </Tag>
      );
    },
  },
  {
    title: '处理方式',
    dataIndex: 'route',
    width: 110,
    render: (_, mo) =>
      mo.route ? (
        <Flex vertical>
          <span>{moRouteLabel(mo.route)}</span>
          {mo.service ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <ServiceName code={mo.service} />
            </Typography.Text>
          ) : null}
        </Flex>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
  {
    title: '处理结果',
    dataIndex: 'result',
    width: 240,
    render: (_, mo) => (
      <Flex vertical style={{ minWidth: 0 }}>
        {mo.result ? (
          <Typography.Text ellipsis={{ tooltip: mo.result }} style={{ maxWidth: '100%' }}>
            {mo.result}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
        {mo.handledAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <DateTime value={mo.handledAt} />
          </Typography.Text>
        ) : null}
      </Flex>
    ),
  },
];

/** 短信中心 › 上行短信：用户发到服务代码的短信，以及平台怎样处理了它（退订、回复老师、帮助……）。 */
const MoPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const canSim = access(user).canSmsSim;
  const [searchParams, setSearchParams] = useSearchParams();
  const from = searchParams.get('from')?.trim() ?? '';

  return (
    <PageContainer content="手机发到平台服务代码（含扩展号）的短信。平台先识别退订（TD 等），再按扩展号或关键字交给对应业务，其余回复帮助信息。">
      <div data-testid="mo">
        <ProTable<SmsMo, { from: string }>
          rowKey="id"
          columns={moColumns(canSim)}
          params={{ from }}
          request={async ({ from: number, current = 1, pageSize = 20 }) => {
            try {
              const result = await unwrap(
                api.GET('/api/sms/mo', {
                  params: { query: { from: number || undefined, limit: pageSize, offset: (current - 1) * pageSize } },
                }),
              );
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          headerTitle={
            <Input.Search
              aria-label="按发送方号码查询"
              allowClear
              placeholder="发送方号码"
              style={{ width: 240 }}
              defaultValue={from}
              onSearch={(value) => setSearchParams(value.trim() ? { from: value.trim() } : {}, { replace: true })}
            />
          }
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 条` }}
          size="middle"
          scroll={{ x: 1040 }}
          locale={{ emptyText: from ? `${from} 没有发来过短信` : '还没有收到上行短信' }}
        />
      </div>
    </PageContainer>
  );
};

export default MoPage;
