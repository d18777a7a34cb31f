import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card, Progress, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useApi } from '../../../components/useApi';
import type { SchoolSubscribers } from '../billing';

/** 我的学校（代理商）：名下每所学校的学生数、家校互动在订人数和已退订的号码数；点人数看订购列表。 */
const AgentSchoolsPage = () => {
  const schools = useApi((signal) => unwrap(api.GET('/api/subscriptions/schools', { signal })));
  const items = schools.data?.items ?? [];
  const total = items.reduce((n, s) => n + s.subscribers, 0);
  return (
    <PageContainer content="名下学校的家校互动订购情况。订购人数按家长号码计，一位家长有几个孩子也只算一次。">
      <Card>
        {schools.error ? <Alert type="error" showIcon message={errorMessage(schools.error)} style={{ marginBottom: 12 }} /> : null}
        <Table<SchoolSubscribers>
          rowKey="schoolId"
          data-testid="agent-schools"
          loading={schools.loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 760 }}
          summary={() =>
            items.length > 1 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{items.reduce((n, s) => n + s.students, 0)}</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{total}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} colSpan={2} />
              </Table.Summary.Row>
            ) : null
          }
          columns={[
            { title: '学校', dataIndex: 'schoolName', render: (_: unknown, s: SchoolSubscribers) => <Typography.Text strong>{s.schoolName}</Typography.Text> },
            { title: '学生', dataIndex: 'students', width: 90 },
            {
              title: '家校互动在订',
              dataIndex: 'subscribers',
              width: 130,
              render: (_: unknown, s: SchoolSubscribers) => <Link to={`/billing/subscriptions?schoolId=${encodeURIComponent(s.schoolId)}&status=active`}>{s.subscribers}</Link>,
            },
            {
              title: '订购率（按学生）',
              key: 'rate',
              width: 200,
              render: (_: unknown, s: SchoolSubscribers) => <Progress size="small" percent={s.students > 0 ? Math.min(100, Math.round((s.subscribers * 100) / s.students)) : 0} />,
            },
            { title: '已退订', dataIndex: 'cancelled', width: 90 },
          ]}
        />
      </Card>
    </PageContainer>
  );
};

export default AgentSchoolsPage;
