import { PageContainer, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { FormModal } from '../../../components/FormModal';
import { MoneyText } from '../../../components/MoneyText';
import { fenToYuan, parseYuan } from '../../../components/money';
import { useApi } from '../../../components/useApi';
import { currentMonth, monthText, SERVICE_KIND, type SubscriptionService } from '../billing';

const nextMonthOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

const PriceModal = ({ service, onClose, onDone }: { service: SubscriptionService; onClose: () => void; onDone: () => void }) => {
  const { message } = App.useApp();
  const from = nextMonthOf(currentMonth());
  return (
    <FormModal<{ amount: string }>
      title={`调整价格：${service.name}`}
      open
      width={480}
      submitText="保存新价格"
      initialValues={{ amount: fenToYuan(service.nextPrice?.amount ?? service.price) }}
      note={`新价格从下个月（${monthText(from)}）起执行；本月仍按 ${fenToYuan(service.price)} 元收费。已订购的家长下个月起按新价格收费，不需要重新订购。`}
      onClose={onClose}
      onSubmit={async (values) => {
        const parsed = parseYuan(values.amount ?? '');
        if (!parsed.ok) {
          return parsed.message;
        }
        await unwrap(api.PUT('/api/subscription-services/{code}/price', { params: { path: { code: service.code } }, body: { amount: parsed.fen } }));
        message.success(`${service.name}从${monthText(from)}起每月 ${fenToYuan(parsed.fen)} 元`);
        onDone();
      }}
    >
      <ProFormText name="amount" label="每月价格（元）" rules={[{ required: true, message: '请输入价格' }]} fieldProps={{ inputMode: 'decimal', 'data-testid': 'price-input' } as never} />
    </FormModal>
  );
};

const EditModal = ({ service, onClose, onDone }: { service: SubscriptionService; onClose: () => void; onDone: () => void }) => {
  const { message } = App.useApp();
  return (
    <FormModal<{ name: string; description: string; billingCode: string }>
      title={`编辑业务：${service.name}`}
      open
      width={560}
      submitText="保存"
      initialValues={{ name: service.name, description: service.description, billingCode: service.billingCode }}
      onClose={onClose}
      onSubmit={async (values) => {
        await unwrap(
          api.PATCH('/api/subscription-services/{code}', {
            params: { path: { code: service.code } },
            body: { name: values.name.trim(), description: (values.description ?? '').trim(), billingCode: values.billingCode.trim() },
          }),
        );
        message.success('已保存');
        onDone();
      }}
    >
      <ProFormText name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 40, message: '最多 40 个字' }]} />
      <ProFormTextArea name="description" label="说明（家长在家长网校看到）" rules={[{ max: 200, message: '最多 200 个字' }]} fieldProps={{ rows: 3 }} />
      <ProFormText
        name="billingCode"
        label="计费代码（运营商账单文件里的业务代码）"
        rules={[{ required: true, pattern: /^[A-Z0-9]{2,16}$/, message: '2–16 位大写字母或数字' }]}
      />
    </FormModal>
  );
};

/** 业务目录（运营商）：每项业务的类型、包含的业务、本月价格、已设定的下月价格、在售状态；改价从下个月起生效。 */
const CatalogPage = () => {
  const { message } = App.useApp();
  const services = useApi((signal) => unwrap(api.GET('/api/subscription-services', { signal })));
  const [pricing, setPricing] = useState<SubscriptionService | null>(null);
  const [editing, setEditing] = useState<SubscriptionService | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  const items = services.data?.items ?? [];
  const names = new Map(items.map((s) => [s.code, s.name]));

  const setOnSale = async (service: SubscriptionService, onSale: boolean) => {
    setSwitching(service.code);
    try {
      await unwrap(api.PATCH('/api/subscription-services/{code}', { params: { path: { code: service.code } }, body: { onSale } }));
      message.success(onSale ? `${service.name}已恢复订购` : `${service.name}已暂停订购（已订的家长不受影响）`);
      services.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSwitching(null);
    }
  };

  const columns = [
    {
      title: '业务',
      dataIndex: 'name',
      width: 260,
      render: (_: unknown, s: SubscriptionService) => (
        <div>
          <Typography.Text strong>{s.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            {s.code} · 计费代码 {s.billingCode}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.description}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: '类型', dataIndex: 'kind', width: 120, render: (_: unknown, s: SubscriptionService) => <Tag color={SERVICE_KIND[s.kind].color}>{SERVICE_KIND[s.kind].label}</Tag> },
    { title: '包含', dataIndex: 'includes', width: 150, render: (_: unknown, s: SubscriptionService) => (s.includes.length ? s.includes.map((c) => names.get(c) ?? c).join('、') : '—') },
    {
      title: '本月价格',
      dataIndex: 'price',
      width: 110,
      render: (_: unknown, s: SubscriptionService) => (s.kind === 'paid' ? <span><MoneyText fen={s.price} strong /> /月</span> : <Typography.Text type="secondary">免费</Typography.Text>),
    },
    {
      title: '已设定的新价格',
      dataIndex: 'nextPrice',
      width: 160,
      render: (_: unknown, s: SubscriptionService) =>
        s.nextPrice ? (
          <span data-testid={`next-price-${s.code}`}>
            {monthText(s.nextPrice.fromMonth)}起 <MoneyText fen={s.nextPrice.amount} />
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '在售',
      dataIndex: 'onSale',
      width: 100,
      render: (_: unknown, s: SubscriptionService) =>
        s.kind === 'bundled' ? (
          <Typography.Text type="secondary">随家校互动</Typography.Text>
        ) : (
          <Switch checked={s.onSale} loading={switching === s.code} checkedChildren="在售" unCheckedChildren="暂停" aria-label={`${s.name}在售`} onChange={(on) => void setOnSale(s, on)} />
        ),
    },
    {
      title: '操作',
      key: 'op',
      width: 110,
      render: (_: unknown, s: SubscriptionService) => (
        <Space size={4}>
          {s.kind === 'paid' ? (
            <Button type="link" size="small" onClick={() => setPricing(s)} data-testid={`price-${s.code}`}>
              改价
            </Button>
          ) : null}
          <Button type="link" size="small" onClick={() => setEditing(s)}>
            编辑
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <PageContainer content="校讯通的业务和资费。家校互动每月收费，含亲情电话和平安短信；学校通知和办公短信免费。改价从下个月起生效，本月按原价收费。">
      <Card>
        {services.error ? <Alert type="error" showIcon message={errorMessage(services.error)} style={{ marginBottom: 12 }} /> : null}
        <Table<SubscriptionService> rowKey="code" data-testid="catalog" loading={services.loading} dataSource={items} columns={columns} pagination={false} scroll={{ x: 1010 }} />
      </Card>
      {pricing ? <PriceModal key={pricing.code} service={pricing} onClose={() => setPricing(null)} onDone={() => { setPricing(null); services.reload(); }} /> : null}
      {editing ? <EditModal key={editing.code} service={editing} onClose={() => setEditing(null)} onDone={() => { setEditing(null); services.reload(); }} /> : null}
    </PageContainer>
  );
};

export default CatalogPage;
