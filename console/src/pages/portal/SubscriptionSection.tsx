import { Alert, App, Button, Card, Empty, List, Skeleton, Space, Switch, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../app/request';
import { DateTime, formatDateTime } from '../../components/DateTime';
import { MoneyText } from '../../components/MoneyText';
import { fenToYuan } from '../../components/money';
import { useApi } from '../../components/useApi';
import { EVENT_KIND, monthText, type MonthFee, type PortalBills, type PortalSubscriptions } from '../billing/billing';

const FREE_CANCEL_MS = 72 * 3_600_000;

/** 资费和计费规则，订购前、订购后都显示同一段话。 */
export const priceSentence = (price: number) =>
  `资费 ${fenToYuan(price)} 元/月，随手机话费收取。每月 1 日至 20 日订购，72 小时内退订不收当月费用；20 日以后订购，当月不收费，次月起收费；当月退订后 24 日前再次订购，立即收取当月费用。`;

/** 本月 1–20 日订购、还在 72 小时内：到什么时候前退订不收费。 */
const freeCancelUntil = (data: PortalSubscriptions): string | null => {
  const { history, paid, month } = data;
  const sub = history.subscriptions.find((s) => s.service === paid.code && s.status === 'active');
  const fee = sub ? history.months.find((m) => m.subscriptionId === sub.id && m.month === month) : undefined;
  if (!sub?.since || fee?.rule !== 'first_of_month') {
    return null;
  }
  const until = new Date(sub.since).getTime() + FREE_CANCEL_MS;
  return until > Date.now() ? formatDateTime(new Date(until).toISOString()) : null;
};

const Bills = ({ bills }: { bills: PortalBills }) => {
  const current = bills.months.filter((m) => m.month === bills.month);
  const past = bills.months.filter((m) => m.month !== bills.month);
  const line = (m: MonthFee) => (
    <List.Item key={`${m.subscriptionId}:${m.month}`}>
      <div style={{ width: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text strong>{monthText(m.month)}</Typography.Text>
          <span>
            {m.due ? <MoneyText fen={m.amount} strong /> : <Typography.Text type="success">免费</Typography.Text>}
            {m.charged ? <Tag color="success" style={{ marginLeft: 6, marginRight: 0 }}>已扣</Tag> : m.forecast ? <Tag style={{ marginLeft: 6, marginRight: 0 }}>预计</Tag> : null}
          </span>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {m.ruleText}
        </Typography.Text>
      </div>
    </List.Item>
  );
  return (
    <Card size="small" title="我的账单" data-testid="portal-bills">
      <div style={{ marginBottom: 8 }}>
        本月（{monthText(bills.month)}）预计 <MoneyText fen={bills.forecastAmount} strong />
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          月底前可能变化：例如 72 小时内退订就不收费。每月 1 日出账，随手机话费收取。
        </Typography.Text>
      </div>
      {current.length > 0 ? <List size="small" dataSource={current} renderItem={line} /> : null}
      {past.length > 0 ? (
        <>
          <Typography.Text type="secondary">以前各月</Typography.Text>
          <List size="small" dataSource={past} renderItem={line} />
        </>
      ) : null}
      {bills.months.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有费用" /> : null}
    </Card>
  );
};

/**
 * 家长网校 · 我的订购：家校互动是否在订（订购、退订，写明资费和 72 小时规则）、学校通知（免费）开关、
 * 我的账单（每月费用和本月预计，附计费规则）、每次订购退订的记录。订购、退订都立即生效并有短信确认。
 */
const SubscriptionSection = () => {
  const { message, modal } = App.useApp();
  const info = useApi((signal) => unwrap(api.GET('/api/portal/subscriptions', { signal })));
  const bills = useApi((signal) => unwrap(api.GET('/api/portal/bills', { signal })));
  const [busy, setBusy] = useState<string | null>(null);

  if (info.error) {
    return <Alert type="error" showIcon message="无法获取订购信息" description={errorMessage(info.error)} />;
  }
  const d = info.data;
  if (!d) {
    return <Skeleton active />;
  }
  const { paid } = d;
  const reload = () => {
    info.reload();
    bills.reload();
  };
  const act = async <T,>(what: string, call: () => Promise<T>, done: string | ((result: T) => string)) => {
    setBusy(what);
    try {
      const result = await call();
      message.success(typeof done === 'string' ? done : done(result));
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  const subscribe = () => {
    modal.confirm({
      title: `订购${paid.name}？`,
      content: priceSentence(paid.price),
      okText: '确认订购',
      cancelText: '再想想',
      onOk: () =>
        act(
          'subscribe',
          () => unwrap(api.POST('/api/portal/subscriptions', { body: { service: paid.code } })),
          (r) => `已订购${paid.name}，确认短信已发到您的手机${r.chargedNow ? '；本月退订后再次订购，已按规定收取本月费用' : ''}`,
        ),
    });
  };
  const cancel = () => {
    modal.confirm({
      title: `退订${paid.name}？`,
      content: `退订立即生效，${paid.includes.length ? `${paid.includes.join('、')}同时停止；` : ''}您仍可以在家长网校看到老师的留言。`,
      okText: '确认退订',
      okButtonProps: { danger: true },
      cancelText: '不退订',
      onOk: () => act('cancel', () => unwrap(api.POST('/api/portal/subscriptions/cancel', { body: { service: paid.code } })), `已退订${paid.name}，确认短信已发到您的手机`),
    });
  };
  const until = freeCancelUntil(d);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="portal-subscriptions">
      <Card
        size="small"
        title={paid.name}
        extra={paid.active ? <Tag color="success" data-testid="paid-status">已订购</Tag> : <Tag data-testid="paid-status">未订购</Tag>}
      >
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          {paid.description}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }} data-testid="price-sentence">
          {priceSentence(paid.price)}
        </Typography.Paragraph>
        {paid.nextPrice ? (
          <Alert type="info" showIcon style={{ marginBottom: 8 }} message={`从${monthText(paid.nextPrice.fromMonth)}起资费调整为 ${fenToYuan(paid.nextPrice.amount)} 元/月`} />
        ) : null}
        {until ? <Alert type="success" showIcon style={{ marginBottom: 8 }} message={`在 ${until} 前退订，本月不收费`} /> : null}
        {paid.active ? (
          <Button block danger loading={busy === 'cancel'} onClick={cancel} data-testid="paid-cancel">
            退订{paid.name}
          </Button>
        ) : (
          <Button block type="primary" disabled={!paid.onSale} loading={busy === 'subscribe'} onClick={subscribe} data-testid="paid-subscribe">
            {paid.onSale ? `订购${paid.name}` : '暂停订购'}
          </Button>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
          也可以发短信 JX（订购）或 QXJX（退订）到 {d.serviceCode}。
        </Typography.Text>
      </Card>
      <Card size="small" title="学校通知（免费）">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            学校发给全体家长的通知，免费。关闭后不再收到这类短信（缺勤等学校必须送达的通知仍会发送）。
          </Typography.Text>
          <Switch
            checked={d.freeNotices}
            loading={busy === 'notices'}
            aria-label="接收学校通知"
            data-testid="free-notices"
            onChange={(on) =>
              void act('notices', () => unwrap(api.PUT('/api/portal/free-notices', { body: { on } })), on ? '已开启学校通知' : '已关闭学校通知（免费业务已退订）')
            }
          />
        </Space>
      </Card>
      {bills.error ? <Alert type="error" showIcon message="无法获取账单" description={errorMessage(bills.error)} /> : bills.data ? <Bills bills={bills.data} /> : <Skeleton active />}
      <Card size="small" title="订购记录">
        {d.history.events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有订购或退订" />
        ) : (
          <Timeline
            data-testid="portal-sub-events"
            items={d.history.events.map((e) => ({
              color: EVENT_KIND[e.kind].color,
              children: (
                <div>
                  <Typography.Text>
                    {EVENT_KIND[e.kind].label} {e.serviceName}
                  </Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <DateTime value={e.at} /> · {e.channelText}
                      {e.actorName && e.channel !== 'portal' && e.channel !== 'sms' ? ` · ${e.actorName}` : ''}
                    </Typography.Text>
                  </div>
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </Space>
  );
};

export default SubscriptionSection;
