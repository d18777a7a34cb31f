import { DownloadOutlined, RedoOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Progress, Result, Statistic, Tag, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { ApiError, api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { downloadCsv } from '../../../components/csv';
import { DateTime } from '../../../components/DateTime';
import { BULK_COLORS, BulkBar } from '../components/BulkBar';
import { ServiceName } from '../components/ServiceName';
import { NumberCell, StatusCell } from '../messages/columns';
import {
  bulkCsvFilename,
  bulkCsvRows,
  bulkProgress,
  isSmsStatus,
  SMS_CLASS,
  SMS_STATUS,
  SMS_STATUSES,
  type BulkReport,
  type SmsMessage,
  type SmsStatus,
} from '../sms';

/** 还有号码在处理中时，每 2 秒刷新报告和号码列表。 */
const REFRESH_MS = 2000;

type Filter = SmsStatus | 'all';

const numberColumns: ProColumns<SmsMessage>[] = [
  {
    title: '号码',
    dataIndex: 'to',
    width: 150,
    render: (_, message) => <NumberCell message={message} />,
  },
  {
    title: '状态',
    dataIndex: 'status',
    // 不定宽：原因较长时占用剩下的空间。
    render: (_, message) => <StatusCell message={message} />,
  },
  {
    title: '条数',
    dataIndex: 'parts',
    width: 64,
    align: 'right',
  },
  {
    title: '受理时间',
    dataIndex: 'createdAt',
    width: 170,
    render: (_, message) => <DateTime value={message.createdAt} />,
  },
  {
    title: '完成时间',
    dataIndex: 'doneAt',
    width: 170,
    render: (_, message) => <DateTime value={message.doneAt} />,
  },
  {
    title: '操作',
    valueType: 'option',
    width: 64,
    fixed: 'right',
    render: (_, message) => (
      <Link to={`/sms/messages/${encodeURIComponent(message.id)}`} onClick={(event) => event.stopPropagation()}>
        详情
      </Link>
    ),
  },
];

const StatCard = ({ title, value, color, note }: { title: string; value: number | undefined; color?: string; note?: string }) => (
  <Card size="small" style={{ flex: '1 1 140px' }}>
    <Statistic title={title} value={value ?? '—'} valueStyle={{ color: value ? color : undefined }} />
    {note ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {note}
      </Typography.Text>
    ) : null}
  </Card>
);

/** 报告上方：完成度圆环 + 各状态人数 + 分段进度条。 */
const ReportSummary = ({ report }: { report: BulkReport | undefined }) => {
  const summary = report?.summary;
  const progress = summary ? bulkProgress(summary) : undefined;
  return (
    <Card data-testid="bulk-report">
      <Flex gap={24} align="center" wrap>
        <Flex vertical align="center" gap={4} style={{ width: 140 }}>
          <Progress
            type="dashboard"
            size={132}
            percent={progress?.done ?? 0}
            success={{ percent: progress?.delivered ?? 0, strokeColor: BULK_COLORS.delivered }}
            // 圆环只有两种颜色：绿色是已送达，另一段是失败（有失败时）或已拦截。
            strokeColor={summary && summary.failed === 0 && summary.blocked > 0 ? BULK_COLORS.blocked : BULK_COLORS.failed}
            format={() => (
              <Flex vertical align="center">
                <span style={{ fontSize: 22, fontWeight: 600, lineHeight: 1.2 }}>{progress ? `${progress.done}%` : '—'}</span>
                <span style={{ fontSize: 12, lineHeight: 1.5, color: 'rgba(0, 0, 0, 0.45)' }}>已有结果</span>
              </Flex>
            )}
          />
          {summary && summary.pending > 0 ? (
            <Tag color="processing" bordered={false}>
              进行中 · 每 2 秒刷新
            </Tag>
          ) : (
            <Tag color="success" bordered={false}>
              已完成
            </Tag>
          )}
        </Flex>
        <Flex vertical gap={16} style={{ flex: 1, minWidth: 320 }}>
          <Flex gap={12} wrap>
            <StatCard title="收信人" value={summary?.recipients} note="去重后的号码" />
            <StatCard title="已送达" value={summary?.delivered} color="#389e0d" note="状态报告：已送达" />
            <StatCard title="失败" value={summary?.failed} color="#cf1322" note="含过期，可以重发" />
            <StatCard title="处理中" value={summary?.pending} color="#1d5fd1" note="排队、已提交、待报告" />
            <StatCard title="已拦截" value={summary?.blocked} color="#c41d7f" note="已退订或超过频率" />
          </Flex>
          {summary ? <BulkBar summary={summary} height={10} /> : null}
        </Flex>
      </Flex>
    </Card>
  );
};

const BulkView = ({ id }: { id: string }) => {
  const { message } = App.useApp();
  const { user } = useSession();
  const writable = access(user).canSmsWrite;
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [filter, setFilter] = useState<Filter>('all');
  const [report, setReport] = useState<BulkReport>();
  const [rows, setRows] = useState<SmsMessage[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [resending, setResending] = useState(false);
  // 轮询间隔在每次取数后由 ProTable 询问；用 ref 让它总是看到最新的报告。
  // 这个函数必须保持同一个引用：ProTable 在 polling 变化时会清掉已排好的下一次刷新。
  const pendingRef = useRef(false);
  const polling = useCallback(() => (pendingRef.current ? REFRESH_MS : 0), []);
  const back = () => navigate('/sms/bulks');

  if (failure !== undefined && !report) {
    const missing = failure instanceof ApiError && failure.status === 404;
    return (
      <PageContainer title="群发报告" onBack={back}>
        <Card>
          <Result
            status={missing ? '404' : 'error'}
            title={missing ? '群发不存在' : '无法获取群发报告'}
            subTitle={missing ? `没有编号为 ${id} 的群发` : errorMessage(failure)}
            extra={
              <Button type="primary" onClick={back}>
                返回群发列表
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }

  const bulk = report?.bulk;
  const counts = report?.byStatus ?? {};
  const tabs = [
    { key: 'all', label: `全部 ${report?.summary.recipients ?? ''}`.trim() },
    ...SMS_STATUSES.filter((status) => (counts[status] ?? 0) > 0 || status === filter).map((status) => ({
      key: status,
      label: `${SMS_STATUS[status].label} ${counts[status] ?? 0}`,
    })),
  ];
  const failed = report?.summary.failed ?? 0;

  const resend = async () => {
    setResending(true);
    try {
      const result = await unwrap(api.POST('/api/sms/bulks/{id}/resend-failed', { params: { path: { id } } }));
      if (result.resent > 0) {
        message.success(`已重发 ${result.resent} 个号码`);
      } else {
        message.info('没有需要重发的号码（每个失败的号码只重发一次）');
      }
      await actionRef.current?.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setResending(false);
    }
  };

  const exportCsv = () => {
    if (!bulk) {
      return;
    }
    downloadCsv(bulkCsvFilename(bulk), bulkCsvRows(rows));
    message.success(`已导出 ${rows.length} 个号码`);
  };

  return (
    <PageContainer
      title="群发报告"
      onBack={back}
      extra={[
        writable ? (
          <Popconfirm
            key="resend"
            title="重发失败的号码"
            description={`给 ${failed} 个失败（含过期）的号码各重发一次？`}
            okText="重发"
            cancelText="取消"
            disabled={failed === 0}
            onConfirm={() => void resend()}
          >
            <Button icon={<RedoOutlined />} loading={resending} disabled={failed === 0}>
              重发失败的号码
            </Button>
          </Popconfirm>
        ) : null,
      ]}
      content={
        bulk ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 4 }}
            items={[
              {
                key: 'text',
                label: '内容',
                span: 'filled',
                children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{bulk.text}</Typography.Paragraph>,
              },
              {
                key: 'service',
                label: '业务',
                children: (
                  <span>
                    <ServiceName code={bulk.service} />（{bulk.service}）
                  </span>
                ),
              },
              { key: 'class', label: '类别', children: SMS_CLASS[bulk.class].label },
              { key: 'created', label: '创建时间', children: <DateTime value={bulk.createdAt} /> },
              { key: 'by', label: '创建人', children: bulk.createdBy ?? '—' },
              {
                key: 'id',
                label: '群发编号',
                children: (
                  <Typography.Text type="secondary" copyable>
                    {bulk.id}
                  </Typography.Text>
                ),
              },
            ]}
          />
        ) : null
      }
    >
      <Flex vertical gap={16}>
        <ReportSummary report={report} />
        <div data-testid="bulk-messages">
          <ProTable<SmsMessage, { status?: SmsStatus }>
            rowKey="id"
            actionRef={actionRef}
            columns={numberColumns}
            params={filter === 'all' ? {} : { status: filter }}
            request={async ({ status }) => {
              try {
                const [nextReport, list] = await Promise.all([
                  unwrap(api.GET('/api/sms/bulks/{id}', { params: { path: { id } } })),
                  unwrap(api.GET('/api/sms/bulks/{id}/messages', { params: { path: { id }, query: status ? { status } : {} } })),
                ]);
                pendingRef.current = nextReport.summary.pending > 0;
                setReport(nextReport);
                setRows(list.items);
                setFailure(undefined);
                return { data: list.items, total: list.items.length, success: true };
              } catch (error) {
                pendingRef.current = false;
                setFailure(error);
                message.error(errorMessage(error));
                return { data: [], total: 0, success: false };
              }
            }}
            polling={polling}
            headerTitle="每个号码的状态"
            search={false}
            cardBordered
            options={{ reload: true, density: false, setting: false, fullScreen: false }}
            pagination={{ defaultPageSize: 50, showSizeChanger: true, hideOnSinglePage: true }}
            size="middle"
            scroll={{ x: 820 }}
            toolbar={{
              menu: {
                type: 'tab',
                activeKey: filter,
                items: tabs,
                onChange: (key) => setFilter(isSmsStatus(key) ? key : 'all'),
              },
            }}
            toolBarRender={() => [
              <Button key="export" icon={<DownloadOutlined />} disabled={!bulk || rows.length === 0} onClick={exportCsv}>
                导出 CSV
              </Button>,
            ]}
            locale={{ emptyText: filter === 'all' ? '没有号码' : `没有“${SMS_STATUS[filter].label}”的号码` }}
          />
        </div>
      </Flex>
    </PageContainer>
  );
};

/** 短信中心 › 群发报告：送达、失败、处理中的人数和进度，每个号码的状态，重发失败、导出。 */
const BulkPage = () => {
  const { id = '' } = useParams();
  return <BulkView key={id} id={id} />;
};

export default BulkPage;
