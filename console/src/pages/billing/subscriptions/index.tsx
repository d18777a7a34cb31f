import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Flex, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { FormModal } from '../../../components/FormModal';
import { useApi } from '../../../components/useApi';
import { fenToYuan } from '../../../components/money';
import { useReloadWhen } from '../useReloadWhen';
import { normalizeMsisdn, SUBSCRIPTION_STATUS, type Subscription } from '../billing';

type RequestValues = { schoolId: string; msisdn: string; service: string };

/** 代客订购：选学校、填家长号码，系统给家长发确认短信；家长 24 小时内回复 Y 才订购。 */
const RequestModal = ({ schools, onClose }: { schools: { value: string; label: string }[]; onClose: () => void }) => {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const services = useApi((signal) => unwrap(api.GET('/api/subscription-services', { signal })));
  const paid = (services.data?.items ?? []).filter((s) => s.kind === 'paid' && s.onSale);
  return (
    <FormModal<RequestValues>
      title="代客订购"
      open
      width={520}
      submitText="发送确认短信"
      initialValues={{ service: 'jx', schoolId: schools.length === 1 ? schools[0]?.value : undefined }}
      note="家长会收到一条确认短信，24 小时内回复 Y 才订购并开始计费；不回复或回复其他内容都不订购、不收费。号码须是该校登记的家长号码。"
      onClose={onClose}
      onSubmit={async (values) => {
        const msisdn = normalizeMsisdn(values.msisdn ?? '');
        if (!msisdn) {
          return '请输入 11 位手机号码';
        }
        const r = await unwrap(api.POST('/api/subscription-requests', { body: { msisdn, schoolId: values.schoolId, service: values.service } }));
        message.success(`已给 ${r.msisdn} 发送确认短信，等待家长回复`);
        navigate('/billing/requests');
      }}
    >
      <ProFormSelect name="schoolId" label="学校" options={schools} rules={[{ required: true, message: '请选择学校' }]} fieldProps={{ showSearch: true, optionFilterProp: 'label', 'aria-label': '学校' }} />
      <ProFormText name="msisdn" label="家长手机号码" rules={[{ required: true, message: '请输入家长手机号码' }]} fieldProps={{ inputMode: 'tel', maxLength: 20, 'data-testid': 'request-msisdn' } as never} />
      <ProFormSelect
        name="service"
        label="业务"
        rules={[{ required: true, message: '请选择业务' }]}
        options={paid.map((s) => ({ value: s.code, label: `${s.name}（${fenToYuan(s.price)} 元/月）` }))}
        fieldProps={{ loading: services.loading, 'aria-label': '业务' }}
      />
    </FormModal>
  );
};

/**
 * 订购管理（代理商只看到名下学校的；运营商、客服看全部）：按学校、状态、号码查订购，点号码看完整记录；
 * 代客订购给家长发确认短信。
 */
const SubscriptionsPage = () => {
  const { user } = useSession();
  const can = access(user);
  const [params, setParams] = useSearchParams();
  const schoolId = params.get('schoolId') ?? undefined;
  const status = (params.get('status') ?? undefined) as Subscription['status'] | undefined;
  const msisdn = params.get('msisdn') ?? '';
  const [page, setPage] = useState(1);
  const [requesting, setRequesting] = useState(false);
  const [search, setSearch] = useState(msisdn);
  const schools = useApi((signal) => unwrap(api.GET('/api/schools', { signal, params: { query: { limit: 200 } } })));
  const list = useApi((signal) =>
    unwrap(
      api.GET('/api/subscriptions', {
        signal,
        params: { query: { schoolId, status: status === 'active' || status === 'cancelled' ? status : undefined, msisdn: msisdn || undefined, limit: 20, offset: (page - 1) * 20 } },
      }),
    ),
  );
  useReloadWhen(list.reload, [schoolId, status, msisdn, page]);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(key, value);
    } else {
      next.delete(key);
    }
    setParams(next, { replace: true });
    setPage(1);
  };
  const schoolOptions = (schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));

  return (
    <PageContainer
      content="家长的订购（代理商只看到名下学校的）。点号码看完整记录；退订请在“订购查询”里按家长要求办理。"
      extra={
        can.canSubscriptionRequest ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)} data-testid="request-new">
            代客订购
          </Button>
        ) : null
      }
    >
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="全部学校" aria-label="学校" style={{ width: 220 }} value={schoolId} options={schoolOptions} onChange={(v) => setFilter('schoolId', v)} showSearch optionFilterProp="label" />
          <Select
            allowClear
            placeholder="全部状态"
            aria-label="状态"
            style={{ width: 140 }}
            value={status}
            onChange={(v) => setFilter('status', v)}
            options={Object.entries(SUBSCRIPTION_STATUS).map(([value, look]) => ({ value, label: look.label }))}
          />
          <Input.Search placeholder="号码" inputMode="tel" allowClear style={{ width: 200 }} value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(v) => setFilter('msisdn', v.replace(/\D/g, '') || undefined)} />
        </Flex>
        {list.error ? <Alert type="error" showIcon message={errorMessage(list.error)} style={{ marginBottom: 12 }} /> : null}
        <Table<Subscription>
          rowKey="id"
          size="middle"
          data-testid="subscriptions"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 980 }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 条`, hideOnSinglePage: true }}
          columns={[
            { title: '号码', dataIndex: 'msisdn', width: 130, render: (_: unknown, s: Subscription) => <Link to={`/billing/lookup?msisdn=${s.msisdn}`}>{s.msisdn}</Link> },
            { title: '业务', dataIndex: 'serviceName', width: 130 },
            { title: '状态', dataIndex: 'status', width: 90, render: (_: unknown, s: Subscription) => <Tag color={SUBSCRIPTION_STATUS[s.status].color}>{SUBSCRIPTION_STATUS[s.status].label}</Tag> },
            { title: '学校', dataIndex: 'schoolName', render: (_: unknown, s: Subscription) => s.schoolName ?? '—' },
            { title: '最近变更渠道', dataIndex: 'channelText', width: 120 },
            { title: '本期开始', dataIndex: 'since', width: 170, render: (_: unknown, s: Subscription) => <DateTime value={s.since} /> },
            { title: '更新时间', dataIndex: 'updatedAt', width: 170, render: (_: unknown, s: Subscription) => <DateTime value={s.updatedAt} /> },
          ]}
        />
      </Card>
      {requesting ? <RequestModal schools={schoolOptions} onClose={() => setRequesting(false)} /> : null}
    </PageContainer>
  );
};

export default SubscriptionsPage;
