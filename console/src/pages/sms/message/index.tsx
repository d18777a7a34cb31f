import { MobileOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Descriptions, Flex, Result, Space, Steps, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { ApiError, api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime, formatDateTime } from '../../../components/DateTime';
import { usePolling } from '../../../components/usePolling';
import { useApi } from '../../../components/useApi';
import { SmsStatusTag } from '../components/SmsStatusTag';
import {
  carrierLabel,
  FINAL_STATUSES,
  lifeSteps,
  moRouteLabel,
  moStatusLook,
  reportStatLabel,
  SMS_CLASS,
  smsSize,
  type MessageLife,
  type SmsPart,
} from '../sms';

/** 还没有最终结果时，每 2 秒刷新一次。 */
const REFRESH_MS = 2000;

const Muted = ({ children }: { children: ReactNode }) => (
  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
    {children}
  </Typography.Text>
);

/** 一个分段的各个时间点，一行一个。 */
const PartTimes = ({ part }: { part: SmsPart }) => (
  <Flex vertical style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
    {(
      [
        ['排队', part.queuedAt],
        ['提交', part.submittedAt],
        ['接收', part.acceptedAt],
        ['完成', part.doneAt],
      ] as const
    ).map(([label, at]) => (
      <span key={label}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label}
        </Typography.Text>{' '}
        {at ? formatDateTime(at) : <Typography.Text type="secondary">—</Typography.Text>}
      </span>
    ))}
  </Flex>
);

const partColumns = (total: number): TableColumnsType<SmsPart> => [
  {
    title: '分段',
    dataIndex: 'seq',
    width: 72,
    render: (seq: number) => `${seq} / ${total}`,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 108,
    render: (status: string) => <SmsStatusTag status={status} />,
  },
  {
    title: '网关 / 网关编号',
    dataIndex: 'gatewayMsgId',
    render: (_: unknown, part) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <span>{part.gateway ?? <Typography.Text type="secondary">—</Typography.Text>}</span>
        {part.gatewayMsgId ? (
          <Typography.Text type="secondary" copyable={{ text: part.gatewayMsgId }} ellipsis style={{ fontSize: 12, maxWidth: 220 }}>
            {part.gatewayMsgId}
          </Typography.Text>
        ) : null}
      </Flex>
    ),
  },
  {
    title: '提交次数',
    dataIndex: 'attempts',
    width: 84,
    align: 'right',
  },
  {
    title: '状态报告',
    dataIndex: 'reportStat',
    width: 110,
    render: (stat: string | null) =>
      stat ? (
        <Flex vertical>
          <Typography.Text code style={{ width: 'fit-content' }}>
            {stat}
          </Typography.Text>
          <Muted>{reportStatLabel(stat)}</Muted>
        </Flex>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
  {
    title: '错误',
    dataIndex: 'error',
    render: (error: string | null) =>
      error ? <Typography.Text type="danger">{error}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>,
  },
  {
    title: '时间',
    key: 'times',
    width: 200,
    render: (_: unknown, part) => <PartTimes part={part} />,
  },
];

/** 拦截、顺延等原因：拦截用红色，顺延用黄色，其他用蓝色。 */
const ReasonAlert = ({ life }: { life: MessageLife }) => {
  const { message } = life;
  if (!message.reason) {
    return null;
  }
  if (message.status === 'blocked') {
    return <Alert type="error" showIcon message="已拦截，未发送" description={message.reason} />;
  }
  if (message.status === 'queued') {
    const later = message.notBefore > message.createdAt;
    return (
      <Alert
        type="warning"
        showIcon
        message={later ? `已顺延，预计 ${formatDateTime(message.notBefore)} 发送` : '等待重试'}
        description={message.reason}
      />
    );
  }
  return <Alert type={message.status === 'failed' ? 'error' : 'info'} showIcon message="原因" description={message.reason} />;
};

/** 这条短信回复的上行短信（例如对 TD 的退订确认）。 */
const ReplyToCard = ({ life }: { life: MessageLife }) => {
  const mo = life.replyTo;
  if (!mo) {
    return null;
  }
  const look = moStatusLook(mo.status);
  return (
    <Card title="回复的上行短信" size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'from',
            label: '发送方',
            children: <Link to={`/sms/mo?from=${encodeURIComponent(mo.from)}`}>{mo.from}</Link>,
          },
          { key: 'to', label: '发往', children: mo.to },
          { key: 'at', label: '收到时间', children: <DateTime value={mo.receivedAt} /> },
          { key: 'text', label: '内容', span: 3, children: <Typography.Text strong>{mo.text}</Typography.Text> },
          {
            key: 'status',
            label: '处理',
            children: (
              <Space size={6}>
                <Tag color={look.color} bordered={false}>
                  {look.label}
                </Tag>
                {mo.route ? <span>{moRouteLabel(mo.route)}</span> : null}
              </Space>
            ),
          },
          { key: 'result', label: '结果', span: 2, children: mo.result ?? '—' },
        ]}
      />
    </Card>
  );
};

const MessageView = ({ id }: { id: string }) => {
  const navigate = useNavigate();
  const { user } = useSession();
  const canSim = access(user).canSmsSim;
  const life = useApi((signal) => unwrap(api.GET('/api/sms/messages/{id}', { signal, params: { path: { id } } })));
  const data = life.data;
  const message = data?.message;
  usePolling(life.reload, REFRESH_MS, message !== undefined && !FINAL_STATUSES.has(message.status));
  const back = () => navigate('/sms/messages');

  if (life.error && !data) {
    const missing = life.error instanceof ApiError && life.error.status === 404;
    return (
      <PageContainer title="短信详情" onBack={back}>
        <Card>
          <Result
            status={missing ? '404' : 'error'}
            title={missing ? '短信不存在' : '无法获取短信'}
            subTitle={missing ? `没有编号为 ${id} 的短信` : errorMessage(life.error)}
            extra={
              <Button type="primary" onClick={back}>
                返回短信查询
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }

  const size = message ? smsSize(message.text) : undefined;
  const steps = data && message ? lifeSteps(message, data.parts) : [];
  const current = Math.max(0, steps.findIndex((step) => step.status === 'process' || step.status === 'error'));

  return (
    <PageContainer
      title={message ? `发往 ${message.to} 的短信` : '短信详情'}
      tags={message ? <SmsStatusTag status={message.status} /> : undefined}
      onBack={back}
      loading={life.loading && !data}
      extra={[
        <Button key="reload" icon={<ReloadOutlined />} onClick={life.reload}>
          刷新
        </Button>,
        message && canSim ? (
          <Button key="phone" icon={<MobileOutlined />} onClick={() => navigate(`/sms/simulator?msisdn=${encodeURIComponent(message.to)}`)}>
            在模拟器中查看
          </Button>
        ) : null,
      ]}
      content={
        data && message ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 4 }}
            items={[
              {
                key: 'to',
                label: '号码',
                children: (
                  <Space size={6}>
                    <Link to={`/sms/messages?to=${encodeURIComponent(message.to)}`}>{message.to}</Link>
                    <Muted>{carrierLabel(message.carrier)}</Muted>
                  </Space>
                ),
              },
              { key: 'service', label: '业务', children: `${data.serviceTitle}（${message.service}）` },
              { key: 'class', label: '类别', children: SMS_CLASS[message.class].label },
              { key: 'src', label: '发送号码', children: message.srcId },
              { key: 'gateway', label: '网关', children: message.gateway ?? '—' },
              {
                key: 'bulk',
                label: '所属群发',
                children: message.bulkId ? <Link to={`/sms/bulks/${encodeURIComponent(message.bulkId)}`}>查看群发报告</Link> : '—',
              },
              { key: 'created', label: '受理时间', children: <DateTime value={message.createdAt} /> },
              { key: 'done', label: '完成时间', children: <DateTime value={message.doneAt} empty="尚未完成" /> },
              {
                key: 'key',
                label: '请求编号',
                children: (
                  <Typography.Text type="secondary" copyable ellipsis style={{ maxWidth: 260 }}>
                    {message.key}
                  </Typography.Text>
                ),
              },
              {
                key: 'id',
                label: '短信编号',
                children: (
                  <Typography.Text type="secondary" copyable>
                    {message.id}
                  </Typography.Text>
                ),
              },
            ]}
          />
        ) : null
      }
    >
      {data && message ? (
        <Flex vertical gap={16}>
          <ReasonAlert life={data} />
          <Card title="发送过程" size="small" data-testid="life">
            <Steps
              current={current}
              size="small"
              responsive
              style={{ padding: '8px 0 4px' }}
              items={steps.map((step) => ({
                key: step.key,
                title: step.title,
                status: step.status,
                description: (
                  <Flex vertical>
                    {step.at ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(step.at)}</span> : null}
                    {step.note ? <Muted>{step.note}</Muted> : null}
                  </Flex>
                ),
              }))}
            />
          </Card>
          <Card title="短信内容" size="small">
            <Flex vertical gap={8}>
              <div
                style={{
                  background: '#f5f7fa',
                  borderRadius: 8,
                  padding: '10px 14px',
                  whiteSpace: 'pre-wrap',
                  wordBreak: 'break-word',
                  lineHeight: 1.7,
                  maxWidth: 640,
                }}
              >
                {message.text}
              </div>
              <Muted>
                共 {size?.units ?? 0} {message.encoding === 'ascii' ? '个字符' : '字'}（含签名），
                {message.encoding === 'ascii' ? 'ASCII' : 'UCS-2'} 编码，分 {message.parts} 条发送
              </Muted>
            </Flex>
          </Card>
          <Card title="分段明细" size="small" styles={{ body: { padding: 0 } }}>
            <Table<SmsPart>
              rowKey="seq"
              size="middle"
              columns={partColumns(message.parts)}
              dataSource={data.parts}
              pagination={false}
              scroll={{ x: 960 }}
              locale={{ emptyText: message.status === 'blocked' ? '已拦截，没有发送任何分段' : '还没有分段' }}
            />
          </Card>
          <ReplyToCard life={data} />
        </Flex>
      ) : null}
    </PageContainer>
  );
};

/** 短信中心 › 短信详情：一条短信从受理到送达的全过程，每一段的提交、接收、状态报告。 */
const MessagePage = () => {
  const { id = '' } = useParams();
  return <MessageView key={id} id={id} />;
};

export default MessagePage;
