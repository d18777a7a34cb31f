import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Descriptions, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { MoneyText } from '../../../components/MoneyText';
import { useApi } from '../../../components/useApi';
import { schoolPath, studentPath } from '../components/columns';
import { LoadFailed } from '../components/LoadFailed';
import { StudentStatusBadge } from '../components/tags';
import { canAt, gradeLabel, type Student } from '../org';
import { NewStudentModal } from './components/NewStudentModal';

const Limit = ({ fen }: { fen: number | null }) => (fen === null ? <Typography.Text type="secondary">不限</Typography.Text> : <MoneyText fen={fen} />);

const studentColumns: ProColumns<Student>[] = [
  {
    title: '学籍号',
    dataIndex: 'studentNo',
    width: 130,
    render: (_, student) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{student.studentNo}</span>,
  },
  {
    title: '姓名',
    dataIndex: 'name',
    render: (_, student) => (
      <Link to={studentPath(student.id)} onClick={(event) => event.stopPropagation()}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {student.name}
        </Typography.Text>
      </Link>
    ),
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 100,
    render: (_, student) => <StudentStatusBadge status={student.status} />,
  },
  {
    title: '每日限额',
    dataIndex: ['limits', 'daily'],
    width: 120,
    align: 'right',
    render: (_, student) => <Limit fen={student.limits.daily} />,
  },
  {
    title: '单笔限额',
    dataIndex: ['limits', 'single'],
    width: 120,
    align: 'right',
    render: (_, student) => <Limit fen={student.limits.single} />,
  },
];

const ClassView = ({ id }: { id: string }) => {
  const { user } = useSession();
  const navigate = useNavigate();
  const detail = useApi((signal) => unwrap(api.GET('/api/classes/{id}', { signal, params: { path: { id } } })));
  const [creating, setCreating] = useState({ round: 0, open: false });
  const klass = detail.data?.class;
  const students = detail.data?.students ?? [];

  const inSchool = klass ? canAt(user, 'canSchools', { school: klass.schoolId }) : false;
  const back = klass && inSchool ? `${schoolPath(klass.schoolId)}?tab=classes` : access(user).canMyClasses ? '/classes' : undefined;

  if (detail.error && !klass) {
    return <LoadFailed title="班级详情" missing="班级不存在" error={detail.error} back={back ? { to: back, label: '返回' } : undefined} />;
  }
  const editable = klass ? canAt(user, 'canEditRoster', { school: klass.schoolId, class: klass.id }) : false;

  return (
    <PageContainer
      title={klass?.name ?? '班级详情'}
      tags={klass ? <Tag bordered={false}>{gradeLabel(klass.grade)}</Tag> : undefined}
      onBack={back ? () => navigate(back) : undefined}
      loading={detail.loading && !klass}
      content={
        klass ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 4 }}
            items={[
              { key: 'school', label: '学校', children: inSchool ? <Link to={schoolPath(klass.schoolId)}>{klass.schoolName}</Link> : klass.schoolName },
              { key: 'grade', label: '年级', children: gradeLabel(klass.grade) },
              { key: 'students', label: '在读学生', children: `${klass.students} 人` },
              { key: 'created', label: '创建时间', children: <DateTime value={klass.createdAt} /> },
            ]}
          />
        ) : null
      }
      extra={[
        <Button key="reload" icon={<ReloadOutlined />} onClick={detail.reload} loading={detail.loading}>
          刷新
        </Button>,
      ]}
    >
      <div data-testid="class-students">
        <ProTable<Student>
          rowKey="id"
          headerTitle="学生"
          columns={studentColumns}
          dataSource={students}
          loading={detail.loading}
          onRow={(student) => ({ onClick: () => navigate(studentPath(student.id)), style: { cursor: 'pointer' } })}
          toolBarRender={() =>
            editable && klass
              ? [
                  <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating((d) => ({ round: d.round + 1, open: true }))}>
                    新建学生
                  </Button>,
                ]
              : []
          }
          search={false}
          cardBordered
          options={false}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 名学生` }}
          size="middle"
          scroll={{ x: 640 }}
          locale={{ emptyText: editable ? '还没有学生，点击“新建学生”添加' : '还没有学生' }}
        />
      </div>
      {creating.round > 0 && klass ? (
        <NewStudentModal
          key={creating.round}
          open={creating.open}
          klass={klass}
          onClose={() => setCreating((d) => ({ ...d, open: false }))}
          onDone={detail.reload}
        />
      ) : null}
    </PageContainer>
  );
};

/** 班级详情：班级信息和学生名单（学籍号、姓名、状态、限额）；学校管理员可以新建学生。 */
const ClassPage = () => {
  const { id = '' } = useParams();
  return <ClassView key={id} id={id} />;
};

export default ClassPage;
