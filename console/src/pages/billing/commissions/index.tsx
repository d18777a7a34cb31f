import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card, Descriptions, Select, Skeleton, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { MoneyText } from '../../../components/MoneyText';
import { useApi } from '../../../components/useApi';
import { tenantIdsOf } from '../../org/org';
import { monthText, shareText, type AgentStatement } from '../billing';
import { useReloadWhen } from '../useReloadWhen';

/** 佣金（代理商）：分成比例，和每月结算单：名下学校的信息费、笔数、分成、佣金。月度出账完成时结算。 */
const CommissionsPage = () => {
  const { user } = useSession();
  const agencies = tenantIdsOf(user, 'agent');
  const [agencyId, setAgencyId] = useState<string | undefined>(agencies[0]);
  const names = useApi((signal) => unwrap(api.GET('/api/agencies', { signal, params: { query: { limit: 200 } } })));
  const data = useApi((signal) => (agencyId ? unwrap(api.GET('/api/agencies/{id}/commissions', { signal, params: { path: { id: agencyId } } })) : Promise.resolve(null)));
  useReloadWhen(data.reload, [agencyId]);
  const d = data.data;
  const totals = (d?.statements ?? []).reduce((t, s) => ({ fees: t.fees + s.fees, commission: t.commission + s.commission }), { fees: 0, commission: 0 });

  return (
    <PageContainer content="佣金 = 名下学校当月的家校互动信息费 × 分成比例（不足 1 分舍去），每月 1 日出账完成后结算到代理商的佣金账户。">
      {agencies.length > 1 ? (
        <Select
          aria-label="代理商"
          style={{ width: 240, marginBottom: 16 }}
          value={agencyId}
          onChange={setAgencyId}
          options={agencies.map((id) => ({ value: id, label: names.data?.items.find((a) => a.id === id)?.name ?? id }))}
        />
      ) : null}
      {data.error ? <Alert type="error" showIcon message={errorMessage(data.error)} style={{ marginBottom: 16 }} /> : null}
      {!agencyId ? <Alert type="info" showIcon message="您没有代理商角色" /> : null}
      {agencyId && !d && !data.error ? <Skeleton active /> : null}
      {d ? (
        <>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, sm: 3 }} size="small">
              <Descriptions.Item label="代理商">{d.share.agencyName}</Descriptions.Item>
              <Descriptions.Item label="分成比例">
                {shareText(d.share.shareBp)}
                {d.share.isDefault ? <Typography.Text type="secondary">（默认）</Typography.Text> : null}
              </Descriptions.Item>
              <Descriptions.Item label="累计佣金">
                <MoneyText fen={totals.commission} strong />
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title="每月结算单">
            <Table<AgentStatement>
              rowKey="month"
              data-testid="statements"
              dataSource={d.statements}
              pagination={{ pageSize: 12, hideOnSinglePage: true }}
              locale={{ emptyText: '还没有结算的月份' }}
              scroll={{ x: 760 }}
              columns={[
                { title: '月份', dataIndex: 'month', width: 120, render: (_: unknown, s: AgentStatement) => monthText(s.month) },
                { title: '扣费笔数', dataIndex: 'charges', width: 100 },
                { title: '信息费', dataIndex: 'fees', width: 130, render: (_: unknown, s: AgentStatement) => <MoneyText fen={s.fees} /> },
                { title: '分成', dataIndex: 'shareBp', width: 90, render: (_: unknown, s: AgentStatement) => shareText(s.shareBp) },
                { title: '佣金', dataIndex: 'commission', width: 130, render: (_: unknown, s: AgentStatement) => <MoneyText fen={s.commission} strong /> },
                { title: '结算时间', dataIndex: 'createdAt', width: 180, render: (_: unknown, s: AgentStatement) => <DateTime value={s.createdAt} /> },
                { title: '账务流水', dataIndex: 'transferId', render: (_: unknown, s: AgentStatement) => (s.transferId ? `#${s.transferId}` : '—') },
              ]}
              summary={() =>
                d.statements.length > 1 ? (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} />
                    <Table.Summary.Cell index={2}>
                      <MoneyText fen={totals.fees} />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} />
                    <Table.Summary.Cell index={4}>
                      <MoneyText fen={totals.commission} strong />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={5} colSpan={2} />
                  </Table.Summary.Row>
                ) : null
              }
            />
          </Card>
        </>
      ) : null}
    </PageContainer>
  );
};

export default CommissionsPage;
