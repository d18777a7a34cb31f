import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { PageContainer, ProFormText } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Flex, Progress, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { access } from '../../../app/access';
import { useSession } from '../../../app/session';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { FormModal } from '../../../components/FormModal';
import { MoneyText } from '../../../components/MoneyText';
import { useApi } from '../../../components/useApi';
import { usePolling } from '../../../components/usePolling';
import { useReloadWhen } from '../useReloadWhen';
import { currentMonth, monthText, parseSharePercent, previousMonth, ruleShort, RUN_STATUS, shareText, type AgentShare, type BillingRun, type BillingSummary } from '../billing';

type SchoolRow = BillingSummary['bySchool'][number];
type AgencyRow = BillingSummary['byAgency'][number];

const carrierFileUrl = (month: string) => `/api/billing/carrier-file?month=${encodeURIComponent(month)}`;

const RunResult = ({ run }: { run: BillingRun }) => {
  const rules = Object.entries(run.rules).filter(([, n]) => n > 0);
  return (
    <Space direction="vertical" size={0}>
      <span>
        {run.dryRun ? '应扣' : '扣费'} {run.charged} 笔 <MoneyText fen={run.chargedAmount} strong />
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        按规则免费 {run.free} · 失败 <span style={{ color: run.failed > 0 ? '#cf1322' : undefined }}>{run.failed}</span>
        {rules.length > 0 ? (
          <Tooltip title={rules.map(([rule, n]) => `${ruleShort(rule)}：${n}`).join('；')}>
            <Typography.Link style={{ fontSize: 12, marginLeft: 6 }}>按规则</Typography.Link>
          </Tooltip>
        ) : null}
      </Typography.Text>
    </Space>
  );
};

const ShareModal = ({ share, onClose, onDone }: { share: AgentShare; onClose: () => void; onDone: () => void }) => {
  const { message } = App.useApp();
  return (
    <FormModal<{ percent: string }>
      title={`分成比例：${share.agencyName}`}
      open
      width={440}
      submitText="保存"
      initialValues={{ percent: shareText(share.shareBp).replace('%', '') }}
      note="从以后结算的月份起执行；已结算的月份不变。佣金 = 名下学校当月信息费 × 分成比例（不足 1 分舍去）。"
      onClose={onClose}
      onSubmit={async (values) => {
        const bp = parseSharePercent(values.percent ?? '');
        if (bp === null) {
          return '请输入 0 到 100 之间的百分比，最多两位小数';
        }
        await unwrap(api.PUT('/api/agencies/{id}/billing-share', { params: { path: { id: share.agencyId } }, body: { shareBp: bp } }));
        message.success(`${share.agencyName}的分成比例已设为 ${shareText(bp)}`);
        onDone();
      }}
    >
      <ProFormText name="percent" label="分成比例（%）" rules={[{ required: true, message: '请输入分成比例' }]} fieldProps={{ inputMode: 'decimal', suffix: '%' }} />
    </FormModal>
  );
};

/**
 * 出账（运营商；客服只读）：选一个已结束的月份出账（或勾选试算，本月也可以试算），表格里看进度（进行中时自动刷新）、
 * 扣费笔数和金额、按规则免费的和失败的；出账完成后下载运营商计费文件，看按学校、按代理商的汇总和佣金。
 */
const BillingRunsPage = () => {
  const { message } = App.useApp();
  const can = access(useSession().user);
  const [month, setMonth] = useState<Dayjs>(dayjs(`${previousMonth()}-01`));
  const [dryRun, setDryRun] = useState(false);
  const [starting, setStarting] = useState(false);
  const [summaryMonth, setSummaryMonth] = useState<string>(previousMonth());
  const [editingShare, setEditingShare] = useState<AgentShare | null>(null);
  const runs = useApi((signal) => unwrap(api.GET('/api/billing/runs', { signal, params: { query: { limit: 50 } } })));
  const summary = useApi((signal) => unwrap(api.GET('/api/billing/summary', { signal, params: { query: { month: summaryMonth } } })));
  const shares = useApi((signal) => unwrap(api.GET('/api/billing/shares', { signal })));
  const items = runs.data?.items ?? [];
  const active = items.some((run) => run.status === 'queued' || run.status === 'running');
  usePolling(runs.reload, 1000, active);

  // 换了账期，或又有一次出账结束（扣费和佣金在出账完成时写好），都重新取汇总。
  const reloadSummary = summary.reload;
  const reloadShares = shares.reload;
  const finished = items.filter((run) => run.status === 'done' || run.status === 'failed').map((run) => run.id).join(',');
  useReloadWhen(reloadSummary, [summaryMonth, finished]);

  const thisMonth = currentMonth();
  const chosen = month.format('YYYY-MM');
  const problem = chosen > thisMonth ? '这个月还没有开始' : chosen === thisMonth && !dryRun ? '本月尚未结束，只能试算' : null;

  const start = async () => {
    setStarting(true);
    try {
      const run = await unwrap(api.POST('/api/billing/runs', { body: { month: chosen, dryRun } }));
      message.success(`${monthText(run.month)}的${run.dryRun ? '试算' : '出账'}已开始`);
      setSummaryMonth(run.month);
      runs.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setStarting(false);
    }
  };

  const months = [...new Set([previousMonth(), ...items.map((run) => run.month)])].sort().reverse();

  const columns = [
    { title: '账期', dataIndex: 'month', width: 110, render: (_: unknown, run: BillingRun) => monthText(run.month) },
    { title: '类型', dataIndex: 'dryRun', width: 70, render: (_: unknown, run: BillingRun) => (run.dryRun ? <Tag>试算</Tag> : <Tag color="blue">出账</Tag>) },
    { title: '状态', dataIndex: 'status', width: 90, render: (_: unknown, run: BillingRun) => <Tag color={RUN_STATUS[run.status].color}>{RUN_STATUS[run.status].label}</Tag> },
    {
      title: '进度',
      dataIndex: 'percent',
      width: 200,
      render: (_: unknown, run: BillingRun) => (
        <div>
          <Progress percent={run.percent} size="small" status={run.status === 'failed' ? 'exception' : run.status === 'done' ? 'success' : 'active'} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {run.processed} / {run.total} 个包月订购
          </Typography.Text>
        </div>
      ),
    },
    { title: '结果', key: 'result', width: 240, render: (_: unknown, run: BillingRun) => <RunResult run={run} /> },
    {
      title: '开始 / 完成',
      dataIndex: 'startedAt',
      width: 180,
      render: (_: unknown, run: BillingRun) => (
        <Space direction="vertical" size={0}>
          <DateTime value={run.startedAt} />
          <DateTime value={run.finishedAt} empty="" />
        </Space>
      ),
    },
    { title: '说明', dataIndex: 'error', ellipsis: true, render: (_: unknown, run: BillingRun) => (run.error ? <Typography.Text type={run.status === 'failed' ? 'danger' : 'warning'}>{run.error}</Typography.Text> : '—') },
    {
      title: '操作',
      key: 'op',
      width: 150,
      render: (_: unknown, run: BillingRun) => (
        <Space size={0} wrap>
          {!run.dryRun && run.status === 'done' ? (
            <Button type="link" size="small" icon={<DownloadOutlined />} href={carrierFileUrl(run.month)} download data-testid={`download-${run.month}`}>
              计费文件
            </Button>
          ) : null}
          <Button type="link" size="small" onClick={() => setSummaryMonth(run.month)}>
            汇总
          </Button>
        </Space>
      ),
    },
  ];

  const s = summary.data;
  return (
    <PageContainer content="每月 1 日 02:00 自动为上个月出账；也可以在这里手动出账或试算。每个订购每月只扣一次：重复出账、中断后重新出账都不会重复扣费。">
      {can.canBillingRun ? (
        <Card title="开始出账" style={{ marginBottom: 16 }} data-testid="run-start">
          <Flex gap={16} wrap align="center">
            <DatePicker
              picker="month"
              value={month}
              allowClear={false}
              onChange={(value) => value && setMonth(value)}
              disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
              aria-label="账期"
              data-testid="run-month"
            />
            <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="run-dry">
              试算（只计算，不扣费）
            </Checkbox>
            <Button type="primary" icon={<PlayCircleOutlined />} loading={starting} disabled={problem !== null} onClick={() => void start()} data-testid="run-go">
              {dryRun ? '开始试算' : '开始出账'}
            </Button>
            {problem ? <Typography.Text type="warning">{problem}</Typography.Text> : null}
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
            出账按计费规则为所选月份扣家校互动包月费：当月 1 日至 20 日订购、72 小时内退订的不收费；20 日以后订购的当月不收费；退订后 24 日前再次订购的当时已立即扣费，不会再扣。
          </Typography.Paragraph>
        </Card>
      ) : null}
      <Card title="出账记录" style={{ marginBottom: 16 }}>
        {runs.error ? <Alert type="error" showIcon message={errorMessage(runs.error)} style={{ marginBottom: 12 }} /> : null}
        <Table<BillingRun> rowKey="id" size="middle" data-testid="runs" loading={runs.loading && !runs.data} dataSource={items} columns={columns} scroll={{ x: 1200 }} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
      </Card>
      <Card
        title="扣费汇总"
        style={{ marginBottom: 16 }}
        data-testid="summary"
        extra={
          <Space>
            <Select aria-label="汇总账期" value={summaryMonth} style={{ width: 140 }} onChange={setSummaryMonth} options={months.map((m) => ({ value: m, label: monthText(m) }))} />
            <Button icon={<DownloadOutlined />} href={carrierFileUrl(summaryMonth)} download>
              计费文件
            </Button>
          </Space>
        }
      >
        {summary.error ? <Alert type="error" showIcon message={errorMessage(summary.error)} /> : null}
        {s ? (
          <>
            <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="账期">{monthText(s.month)}</Descriptions.Item>
              <Descriptions.Item label="扣费笔数">{s.total.charges}</Descriptions.Item>
              <Descriptions.Item label="金额">
                <MoneyText fen={s.total.amount} strong />
              </Descriptions.Item>
            </Descriptions>
            {s.total.charges === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="这个月还没有扣费" />
            ) : (
              <Flex gap={16} wrap>
                <Table<SchoolRow>
                  style={{ flex: '1 1 380px' }}
                  title={() => '按学校'}
                  rowKey={(row) => row.schoolId ?? '-'}
                  size="small"
                  dataSource={s.bySchool}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: '学校', dataIndex: 'schoolName', render: (_: unknown, row: SchoolRow) => row.schoolName ?? '（未归属学校）' },
                    { title: '笔数', dataIndex: 'charges', width: 80 },
                    { title: '金额', dataIndex: 'amount', width: 120, render: (_: unknown, row: SchoolRow) => <MoneyText fen={row.amount} /> },
                  ]}
                />
                <Table<AgencyRow>
                  style={{ flex: '1 1 520px' }}
                  title={() => '按代理商'}
                  rowKey={(row) => row.agencyId ?? '-'}
                  size="small"
                  dataSource={s.byAgency}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: '代理商', dataIndex: 'agencyName', render: (_: unknown, row: AgencyRow) => row.agencyName ?? '（无代理商）' },
                    { title: '笔数', dataIndex: 'charges', width: 70 },
                    { title: '信息费', dataIndex: 'amount', width: 110, render: (_: unknown, row: AgencyRow) => <MoneyText fen={row.amount} /> },
                    { title: '分成', dataIndex: 'shareBp', width: 70, render: (_: unknown, row: AgencyRow) => shareText(row.shareBp) },
                    { title: '佣金', dataIndex: 'commission', width: 110, render: (_: unknown, row: AgencyRow) => <MoneyText fen={row.commission} /> },
                    { title: '', dataIndex: 'settled', width: 80, render: (_: unknown, row: AgencyRow) => (row.settled ? <Tag color="success">已结算</Tag> : <Tag>预计</Tag>) },
                  ]}
                />
              </Flex>
            )}
          </>
        ) : null}
      </Card>
      <Card title="代理商分成">
        {shares.error ? <Alert type="error" showIcon message={errorMessage(shares.error)} /> : null}
        <Table<AgentShare>
          rowKey="agencyId"
          size="small"
          data-testid="shares"
          loading={shares.loading && !shares.data}
          dataSource={shares.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '代理商', dataIndex: 'agencyName' },
            { title: '分成比例', dataIndex: 'shareBp', width: 160, render: (_: unknown, row: AgentShare) => <span>{shareText(row.shareBp)}{row.isDefault ? <Typography.Text type="secondary">（默认）</Typography.Text> : null}</span> },
            { title: '修改时间', dataIndex: 'updatedAt', width: 180, render: (_: unknown, row: AgentShare) => <DateTime value={row.updatedAt} /> },
            ...(can.canBillingRun
              ? [{ title: '操作', key: 'op', width: 80, render: (_: unknown, row: AgentShare) => <Button type="link" size="small" onClick={() => setEditingShare(row)}>修改</Button> }]
              : []),
          ]}
        />
      </Card>
      {editingShare ? <ShareModal key={editingShare.agencyId} share={editingShare} onClose={() => setEditingShare(null)} onDone={() => { setEditingShare(null); reloadShares(); reloadSummary(); }} /> : null}
    </PageContainer>
  );
};

export default BillingRunsPage;
