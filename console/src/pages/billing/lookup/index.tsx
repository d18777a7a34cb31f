import { SearchOutlined } from '@ant-design/icons';
import { PageContainer, ProFormTextArea } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Descriptions, Empty, Input, List, Modal, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { FormModal } from '../../../components/FormModal';
import { MoneyText } from '../../../components/MoneyText';
import { useApi } from '../../../components/useApi';
import { EVENT_KIND, monthText, normalizeMsisdn, ruleShort, SUBSCRIPTION_STATUS, type MonthFee, type Subscription, type SubscriptionCharge, type SubscriptionHistory } from '../billing';

/** 一个月费用的说明：按哪条规则、依据哪些订购退订记录、扣费流水。 */
const ExplainModal = ({ msisdn, subscriptionId, month, onClose }: { msisdn: string; subscriptionId: string; month: string; onClose: () => void }) => {
  const explain = useApi((signal) => unwrap(api.GET('/api/subscriptions/numbers/{msisdn}/explain', { signal, params: { path: { msisdn }, query: { subscriptionId, month } } })));
  const e = explain.data;
  return (
    <Modal open title={`费用说明：${monthText(month)}`} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} width={620}>
      {explain.error ? <Alert type="error" showIcon message={errorMessage(explain.error)} /> : null}
      {!e && !explain.error ? <Skeleton active /> : null}
      {e ? (
        <div data-testid="explain">
          <Alert
            type={e.due ? 'info' : 'success'}
            showIcon
            message={
              <span>
                {e.subscription.serviceName}：{e.due ? <>收费 <MoneyText fen={e.amount} strong /></> : '不收费'}
              </span>
            }
            description={e.ruleText}
            style={{ marginBottom: 12 }}
          />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="号码">{e.subscription.msisdn}</Descriptions.Item>
            <Descriptions.Item label="计费规则">{ruleShort(e.rule)}</Descriptions.Item>
            {e.dueAt ? (
              <Descriptions.Item label="应收时间">
                <DateTime value={e.dueAt} />
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label="扣费">
              {e.charge ? (
                <span>
                  <MoneyText fen={e.charge.amount} /> · <DateTime value={e.charge.chargedAt} /> · 账务流水 #{e.charge.transferId}
                  {e.charge.runId ? '（月度出账）' : '（立即扣费）'}
                </span>
              ) : e.due ? (
                '尚未扣费（月底出账时扣）'
              ) : (
                '无'
              )}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            依据的订购、退订记录
          </Typography.Title>
          <Timeline
            items={e.events.map((ev) => ({
              color: EVENT_KIND[ev.kind].color,
              children: (
                <span>
                  <DateTime value={ev.at} /> {EVENT_KIND[ev.kind].label} · {ev.channelText}
                  {ev.actorName ? ` · ${ev.actorName}` : ''}
                </span>
              ),
            }))}
          />
        </div>
      ) : null}
    </Modal>
  );
};

const CancelModal = ({ msisdn, subscription, onClose, onDone }: { msisdn: string; subscription: Subscription; onClose: () => void; onDone: () => void }) => {
  const { message } = App.useApp();
  return (
    <FormModal<{ note?: string }>
      title={`为 ${msisdn} 退订${subscription.serviceName}`}
      open
      width={480}
      submitText="确认退订"
      note={`退订即时生效，并短信通知家长${subscription.service === 'jx' ? '；亲情电话和平安短信同时停止' : ''}。请确认是家长本人的要求。`}
      onClose={onClose}
      onSubmit={async (values) => {
        await unwrap(api.POST('/api/subscriptions/numbers/{msisdn}/cancel', { params: { path: { msisdn } }, body: { service: subscription.service, note: values.note?.trim() || undefined } }));
        message.success(`已为 ${msisdn} 退订${subscription.serviceName}`);
        onDone();
      }}
    >
      <ProFormTextArea name="note" label="备注（可不填）" placeholder="例如：家长来电要求退订" fieldProps={{ maxLength: 200, rows: 2 }} />
    </FormModal>
  );
};

const Result = ({ history, canCancel, onChanged }: { history: SubscriptionHistory; canCancel: boolean; onChanged: () => void }) => {
  const [explaining, setExplaining] = useState<{ subscriptionId: string; month: string } | null>(null);
  const [cancelling, setCancelling] = useState<Subscription | null>(null);
  const { msisdn, guardian } = history;
  const explainButton = (subscriptionId: string, month: string) => (
    <Button type="link" size="small" onClick={() => setExplaining({ subscriptionId, month })} data-testid="explain-button">
      说明
    </Button>
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="lookup-result">
      <Card size="small" title="家长">
        {guardian ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label="号码">{msisdn}</Descriptions.Item>
            <Descriptions.Item label="姓名">{guardian.name}</Descriptions.Item>
            <Descriptions.Item label="孩子" span={2}>
              {guardian.children.map((c) => `${c.name}（${c.schoolName} · ${c.className}）`).join('；')}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Alert type="warning" showIcon message={`${msisdn} 不是学校登记的家长号码`} description="这个号码现在不能订购校讯通业务；下面是它以前的记录（如有）。" />
        )}
      </Card>
      <Card size="small" title="订购">
        <Table<Subscription>
          rowKey="id"
          size="small"
          data-testid="lookup-subscriptions"
          dataSource={history.subscriptions}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: '没有订购记录' }}
          columns={[
            { title: '业务', dataIndex: 'serviceName', width: 140 },
            { title: '状态', dataIndex: 'status', width: 80, render: (_: unknown, s: Subscription) => <Tag color={SUBSCRIPTION_STATUS[s.status].color}>{SUBSCRIPTION_STATUS[s.status].label}</Tag> },
            { title: '最近变更渠道', dataIndex: 'channelText', width: 120 },
            { title: '本期开始', dataIndex: 'since', width: 170, render: (_: unknown, s: Subscription) => <DateTime value={s.since} /> },
            { title: '学校 / 代理商', dataIndex: 'schoolName', render: (_: unknown, s: Subscription) => [s.schoolName, s.agencyName].filter(Boolean).join(' / ') || '—' },
            {
              title: '操作',
              key: 'op',
              width: 90,
              render: (_: unknown, s: Subscription) =>
                canCancel && s.status === 'active' ? (
                  <Button type="link" danger size="small" onClick={() => setCancelling(s)} data-testid={`cancel-${s.service}`}>
                    退订
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title="订购和退订记录">
        {history.events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有记录" />
        ) : (
          <Timeline
            data-testid="lookup-events"
            items={history.events.map((e) => ({
              color: EVENT_KIND[e.kind].color,
              children: (
                <div>
                  <Space size={6} wrap>
                    <DateTime value={e.at} />
                    <Tag color={EVENT_KIND[e.kind].color}>{EVENT_KIND[e.kind].label}</Tag>
                    <Typography.Text strong>{e.serviceName}</Typography.Text>
                    <Typography.Text type="secondary">渠道：{e.channelText}</Typography.Text>
                    <Typography.Text type="secondary">经办：{e.actorName ?? (e.channel === 'sms' || e.channel === 'portal' ? '家长本人' : '系统')}</Typography.Text>
                  </Space>
                  {e.note ? <div><Typography.Text type="secondary">备注：{e.note}</Typography.Text></div> : null}
                </div>
              ),
            }))}
          />
        )}
      </Card>
      <Card size="small" title="订购凭据（家长本人的订购意愿）">
        <List
          size="small"
          data-testid="lookup-consents"
          dataSource={history.consents}
          locale={{ emptyText: '没有凭据' }}
          renderItem={(c) => (
            <List.Item key={c.id}>
              <div style={{ width: '100%' }}>
                <Typography.Text code>{c.raw}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <DateTime value={c.receivedAt} /> · {c.channelText}
                    {c.retainUntil ? <> · 保存到 <DateTime value={c.retainUntil} /></> : ' · 订购期间一直保存'}
                  </Typography.Text>
                </div>
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="每月费用">
        <Table<MonthFee>
          rowKey={(m) => `${m.subscriptionId}:${m.month}`}
          size="small"
          data-testid="lookup-months"
          dataSource={history.months}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: '最近几个月没有包月业务' }}
          columns={[
            { title: '月份', dataIndex: 'month', width: 110, render: (_: unknown, m: MonthFee) => monthText(m.month) },
            { title: '业务', dataIndex: 'service', width: 100, render: (_: unknown, m: MonthFee) => history.subscriptions.find((s) => s.id === m.subscriptionId)?.serviceName ?? m.service },
            { title: '规则', dataIndex: 'ruleText', render: (_: unknown, m: MonthFee) => m.ruleText },
            { title: '金额', dataIndex: 'amount', width: 100, render: (_: unknown, m: MonthFee) => (m.due ? <MoneyText fen={m.amount} /> : '免费') },
            { title: '', dataIndex: 'charged', width: 90, render: (_: unknown, m: MonthFee) => (m.charged ? <Tag color="success">已扣费</Tag> : m.forecast ? <Tag>本月预计</Tag> : m.due ? <Tag color="warning">未扣费</Tag> : null) },
            { title: '', key: 'explain', width: 70, render: (_: unknown, m: MonthFee) => explainButton(m.subscriptionId, m.month) },
          ]}
        />
      </Card>
      <Card size="small" title="扣费记录">
        <Table<SubscriptionCharge>
          rowKey={(c) => `${c.subscriptionId}:${c.month}`}
          size="small"
          data-testid="lookup-charges"
          dataSource={history.charges}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          scroll={{ x: 760 }}
          locale={{ emptyText: '没有扣费' }}
          columns={[
            { title: '账期', dataIndex: 'month', width: 110, render: (_: unknown, c: SubscriptionCharge) => monthText(c.month) },
            { title: '业务', dataIndex: 'serviceName', width: 100 },
            { title: '金额', dataIndex: 'amount', width: 100, render: (_: unknown, c: SubscriptionCharge) => <MoneyText fen={c.amount} /> },
            { title: '规则', dataIndex: 'rule', render: (_: unknown, c: SubscriptionCharge) => ruleShort(c.rule) },
            { title: '扣费时间', dataIndex: 'chargedAt', width: 170, render: (_: unknown, c: SubscriptionCharge) => <DateTime value={c.chargedAt} /> },
            { title: '流水', dataIndex: 'transferId', width: 80, render: (_: unknown, c: SubscriptionCharge) => `#${c.transferId}` },
            { title: '', key: 'explain', width: 70, render: (_: unknown, c: SubscriptionCharge) => explainButton(c.subscriptionId, c.month) },
          ]}
        />
      </Card>
      {explaining ? <ExplainModal msisdn={msisdn} {...explaining} onClose={() => setExplaining(null)} /> : null}
      {cancelling ? (
        <CancelModal
          key={cancelling.id}
          msisdn={msisdn}
          subscription={cancelling}
          onClose={() => setCancelling(null)}
          onDone={() => {
            setCancelling(null);
            onChanged();
          }}
        />
      ) : null}
    </Space>
  );
};

/**
 * 订购查询（运营商、10086 客服、代理商）：输入号码，看家长和孩子、订购、每次订购退订的渠道和经办人、家长的订购凭据、
 * 每月费用和扣费，每一笔可以看“说明”（按哪条计费规则）；应家长要求可以退订。地址带 ?msisdn=，可以收藏。
 */
const LookupPage = () => {
  const { user } = useSession();
  const can = access(user);
  const [params, setParams] = useSearchParams();
  const msisdn = params.get('msisdn') ?? '';
  const [input, setInput] = useState(msisdn);
  const [problem, setProblem] = useState<string | null>(null);
  const history = useApi((signal) => (msisdn ? unwrap(api.GET('/api/subscriptions/numbers/{msisdn}', { signal, params: { path: { msisdn } } })) : Promise.resolve(null)));

  const search = (value: string) => {
    const normalized = normalizeMsisdn(value);
    if (!normalized) {
      setProblem('请输入 11 位手机号码');
      return;
    }
    setProblem(null);
    setInput(normalized);
    setParams({ msisdn: normalized }, { replace: true });
    if (normalized === msisdn) {
      history.reload();
    }
  };
  // 地址里的号码变了（搜索、前进后退）时重新查询。
  const reload = history.reload;
  const shown = useRef(msisdn);
  useEffect(() => {
    if (shown.current !== msisdn) {
      shown.current = msisdn;
      reload();
    }
  }, [msisdn, reload]);

  return (
    <PageContainer content="按号码查家长的订购、每次变更（渠道、经办人、时间）、订购凭据和扣费；每笔费用都可以看按哪条计费规则收取。">
      <Card style={{ marginBottom: 16 }}>
        <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
          <Input
            placeholder="家长手机号码"
            inputMode="tel"
            value={input}
            allowClear
            maxLength={20}
            onChange={(e) => setInput(e.target.value)}
            onPressEnter={() => search(input)}
            aria-label="手机号码"
            data-testid="lookup-input"
          />
          <Button type="primary" icon={<SearchOutlined />} onClick={() => search(input)} data-testid="lookup-search">
            查询
          </Button>
        </Space.Compact>
        {problem ? <Typography.Text type="danger" style={{ display: 'block', marginTop: 8 }}>{problem}</Typography.Text> : null}
      </Card>
      {history.error ? <Alert type="error" showIcon message={errorMessage(history.error)} /> : null}
      {msisdn && !history.data && !history.error ? <Card loading /> : null}
      {history.data ? <Result history={history.data} canCancel={can.canUnsubscribe} onChanged={history.reload} /> : null}
    </PageContainer>
  );
};

export default LookupPage;
