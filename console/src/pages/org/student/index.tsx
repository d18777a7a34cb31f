import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Col, Descriptions, Popconfirm, Row, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { classPath, schoolPath } from '../components/columns';
import { LimitsCard } from '../components/LimitsCard';
import { LoadFailed } from '../components/LoadFailed';
import { PersonStatusBadge, StudentStatusBadge } from '../components/tags';
import { canAt, studentWhere, tenantIdsOf, type Person } from '../org';
import { AddGuardianModal } from './components/AddGuardianModal';

const guardianColumns = ({ removable, busy, onRemove }: { removable: boolean; busy: string | null; onRemove: (person: Person) => void }): ProColumns<Person>[] => [
  {
    title: '姓名',
    dataIndex: 'name',
    render: (_, person) => <Typography.Text strong>{person.name}</Typography.Text>,
  },
  {
    title: '手机号',
    dataIndex: 'phone',
    width: 130,
    render: (_, person) =>
      person.phone ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{person.phone}</span> : <Typography.Text type="secondary">未登记</Typography.Text>,
  },
  {
    title: '账号状态',
    dataIndex: 'status',
    width: 100,
    render: (_, person) => <PersonStatusBadge status={person.status} />,
  },
  ...(removable
    ? [
        {
          title: '操作',
          valueType: 'option',
          width: 72,
          render: (_, person) => (
            <Popconfirm
              title="解除关联"
              description={`${person.name} 将不再是这个学生的家长，看不到学生的信息。确定解除？`}
              okText="解除"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              placement="topRight"
              onConfirm={() => onRemove(person)}
            >
              <Button type="link" size="small" danger loading={busy === person.id}>
                解除
              </Button>
            </Popconfirm>
          ),
        } satisfies ProColumns<Person>,
      ]
    : []),
];

const StudentView = ({ id }: { id: string }) => {
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const detail = useApi((signal) => unwrap(api.GET('/api/students/{id}', { signal, params: { path: { id } } })));
  const [adding, setAdding] = useState({ round: 0, open: false });
  const [busy, setBusy] = useState<string | null>(null);
  const student = detail.data?.student;
  const can = access(user);

  const self = tenantIdsOf(user, 'student').includes(id);
  const mine = tenantIdsOf(user, 'guardian').includes(id);
  const inClass = student ? canAt(user, 'canClasses', studentWhere(student)) : false;
  const back =
    student && inClass ? classPath(student.classId) : mine && can.canChildren ? '/children' : self && can.canMyInfo ? '/me' : undefined;

  if (detail.error && !student) {
    return <LoadFailed title="学生详情" missing="学生不存在" error={detail.error} back={back ? { to: back, label: '返回' } : undefined} />;
  }

  const where = student ? studentWhere(student) : {};
  const roster = canAt(user, 'canEditRoster', where);

  const remove = async (person: Person) => {
    setBusy(person.id);
    try {
      await unwrap(api.DELETE('/api/students/{id}/guardians/{userId}', { params: { path: { id, userId: person.id } } }));
      message.success(`已解除：${person.name}`);
      detail.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageContainer
      title={student?.name ?? '学生详情'}
      tags={student ? <StudentStatusBadge status={student.status} /> : undefined}
      onBack={back ? () => navigate(back) : undefined}
      loading={detail.loading && !student}
      content={
        student ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 4 }}
            items={[
              { key: 'no', label: '学籍号', children: student.studentNo },
              {
                key: 'school',
                label: '学校',
                children: canAt(user, 'canSchools', where) ? <Link to={schoolPath(student.schoolId)}>{student.schoolName}</Link> : student.schoolName,
              },
              { key: 'class', label: '班级', children: inClass ? <Link to={classPath(student.classId)}>{student.className}</Link> : student.className },
              { key: 'created', label: '建档时间', children: <DateTime value={student.createdAt} /> },
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
      {student ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <LimitsCard
              key={student.limits.updatedAt ?? 'never'}
              student={student}
              editable={canAt(user, 'canLimits', where)}
              self={self}
              onSaved={detail.reload}
            />
          </Col>
          <Col xs={24} xl={12}>
            <div data-testid="guardians">
              <ProTable<Person>
                rowKey="id"
                headerTitle="家长"
                tooltip="家长用手机号和短信验证码登录，可以查看孩子的信息、设置校园卡限额"
                columns={guardianColumns({ removable: roster, busy, onRemove: (person) => void remove(person) })}
                dataSource={detail.data?.guardians ?? []}
                loading={detail.loading}
                toolBarRender={() =>
                  roster
                    ? [
                        <Button key="add" type="primary" icon={<PlusOutlined />} onClick={() => setAdding((d) => ({ round: d.round + 1, open: true }))}>
                          添加家长
                        </Button>,
                      ]
                    : []
                }
                search={false}
                cardBordered
                options={false}
                pagination={false}
                size="middle"
                locale={{ emptyText: roster ? '还没有家长，点击“添加家长”添加' : '还没有登记家长' }}
              />
            </div>
          </Col>
        </Row>
      ) : null}
      {adding.round > 0 && student ? (
        <AddGuardianModal
          key={adding.round}
          open={adding.open}
          student={student}
          onClose={() => setAdding((d) => ({ ...d, open: false }))}
          onDone={detail.reload}
        />
      ) : null}
    </PageContainer>
  );
};

/** 学生详情：学生信息、校园卡限额（家长和学校可以改）、家长（学校可以添加、解除）。 */
const StudentPage = () => {
  const { id = '' } = useParams();
  return <StudentView key={id} id={id} />;
};

export default StudentPage;
