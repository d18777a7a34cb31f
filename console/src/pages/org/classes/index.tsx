import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { classPath } from '../components/columns';
import { gradeLabel, tenantIdsOf, type SchoolClass } from '../org';

const columns: ProColumns<SchoolClass>[] = [
  {
    title: '班级',
    dataIndex: 'name',
    render: (_, klass) => (
      <Link to={classPath(klass.id)} onClick={(event) => event.stopPropagation()}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {klass.name}
        </Typography.Text>
      </Link>
    ),
  },
  { title: '学校', dataIndex: 'schoolName', width: 200 },
  { title: '年级', dataIndex: 'grade', width: 120, render: (_, klass) => gradeLabel(klass.grade) },
  {
    title: '在读学生',
    dataIndex: 'students',
    width: 120,
    align: 'right',
    render: (_, klass) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{klass.students} 人</span>,
  },
];

/** 我的班级：班主任担任的班级，点击进入班级看学生名单。 */
const MyClassesPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();

  return (
    <PageContainer content="您担任班主任的班级。点击班级查看学生名单和每个学生的家长、校园卡限额。">
      <div data-testid="my-classes">
        <ProTable<SchoolClass>
          rowKey="id"
          columns={columns}
          request={async () => {
            try {
              const result = await unwrap(api.GET('/api/classes', { params: { query: { limit: 200 } } }));
              // 同时是学校管理员时接口会列出全校的班级；这里只留自己当班主任的。
              const mine = new Set(tenantIdsOf(user, 'teacher'));
              const data = result.items.filter((klass) => mine.has(klass.id));
              return { data, total: data.length, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          onRow={(klass) => ({ onClick: () => navigate(classPath(klass.id)), style: { cursor: 'pointer' } })}
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={false}
          size="middle"
          scroll={{ x: 640 }}
          locale={{ emptyText: '您目前没有担任班主任的班级' }}
        />
      </div>
    </PageContainer>
  );
};

export default MyClassesPage;
