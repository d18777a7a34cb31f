/**
 * 首页上“我的…”卡片：每类角色看到自己的一块——运营商和客服看机构概览，代理商看自己的预存款、
 * 网点和学校，营业员看网点余额，学校管理员看学校，班主任看班级，家长看孩子，学生看自己。
 * 数据都来自列表接口，接口只返回当前用户看得到的。
 */
import { RightOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Flex, List, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { MoneyText } from '../../../components/MoneyText';
import { useApi } from '../../../components/useApi';
import { overviewsFor, tenantIdsOf, type Overview } from '../org';
import { agencyPath, classPath, outletPath, schoolPath } from './columns';
import { StudentCards } from './StudentCards';

const More = ({ to, children = '查看全部' }: { to: string; children?: ReactNode }) => (
  <Link to={to}>
    {children} <RightOutlined style={{ fontSize: 10 }} />
  </Link>
);

const Failed = ({ error }: { error: unknown }) => <Alert type="error" showIcon message="暂时无法获取" description={errorMessage(error)} />;

const Count = ({ title, value, to }: { title: string; value: number | undefined; to: string }) => (
  <Link to={to}>
    <Statistic title={title} value={value ?? '—'} valueStyle={{ color: '#1d5fd1' }} />
  </Link>
);

/** 运营商管理员、客服：代理商、网点、学校、学生各有多少。 */
const PlatformCard = () => {
  const counts = useApi(async (signal) => {
    const page = { params: { query: { limit: 1 } }, signal };
    const [agencies, outlets, schools, students] = await Promise.all([
      unwrap(api.GET('/api/agencies', page)),
      unwrap(api.GET('/api/outlets', page)),
      unwrap(api.GET('/api/schools', page)),
      unwrap(api.GET('/api/students', page)),
    ]);
    return { agencies: agencies.total, outlets: outlets.total, schools: schools.total, students: students.total };
  });
  return (
    <Card title="机构概览" loading={counts.loading && !counts.data} data-testid="overview-platform">
      {counts.error ? (
        <Failed error={counts.error} />
      ) : (
        <Row gutter={16}>
          <Col span={6}>
            <Count title="代理商" value={counts.data?.agencies} to="/org/agencies" />
          </Col>
          <Col span={6}>
            <Count title="营业网点" value={counts.data?.outlets} to="/org/outlets" />
          </Col>
          <Col span={6}>
            <Count title="学校" value={counts.data?.schools} to="/org/schools" />
          </Col>
          <Col span={6}>
            <Statistic title="学生" value={counts.data?.students ?? '—'} />
          </Col>
        </Row>
      )}
    </Card>
  );
};

/** 代理商：自己的代理商、预存款，名下网点和学校的数目。 */
const AgentCard = () => {
  const { user } = useSession();
  const ids = tenantIdsOf(user, 'agent');
  const agencies = useApi((signal) =>
    Promise.all(
      ids.map(async (id) => {
        const [agency, balance, outlets, schools] = await Promise.all([
          unwrap(api.GET('/api/agencies/{id}', { signal, params: { path: { id } } })),
          unwrap(api.GET('/api/agencies/{id}/balance', { signal, params: { path: { id } } })),
          unwrap(api.GET('/api/outlets', { signal, params: { query: { agencyId: id, limit: 1 } } })),
          unwrap(api.GET('/api/schools', { signal, params: { query: { agencyId: id, limit: 1 } } })),
        ]);
        return { agency, balance, outlets: outlets.total, schools: schools.total };
      }),
    ),
  );
  return (
    <Card title="我的代理商" loading={agencies.loading && !agencies.data} data-testid="overview-agent">
      {agencies.error ? (
        <Failed error={agencies.error} />
      ) : (
        <Flex vertical gap={16}>
          {(agencies.data ?? []).map(({ agency, balance, outlets, schools }) => (
            <div key={agency.id}>
              <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }}>
                <Typography.Text strong>{agency.name}</Typography.Text>
                <More to={agencyPath(agency.id)}>进入</More>
              </Flex>
              <Row gutter={16}>
                <Col span={10}>
                  <Statistic title="预存款可用" value={balance.available} formatter={() => <MoneyText fen={balance.available} />} />
                </Col>
                <Col span={7}>
                  <Count title="营业网点" value={outlets} to="/org/outlets" />
                </Col>
                <Col span={7}>
                  <Count title="学校" value={schools} to="/org/schools" />
                </Col>
              </Row>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
};

/** 营业员：自己网点的预存款可用余额。 */
const ClerkCard = () => {
  const { user } = useSession();
  const ids = tenantIdsOf(user, 'clerk');
  const outlets = useApi((signal) =>
    Promise.all(
      ids.map(async (id) => {
        const [outlet, balance] = await Promise.all([
          unwrap(api.GET('/api/outlets/{id}', { signal, params: { path: { id } } })),
          unwrap(api.GET('/api/outlets/{id}/balance', { signal, params: { path: { id } } })),
        ]);
        return { outlet, balance };
      }),
    ),
  );
  return (
    <Card title="我的网点" loading={outlets.loading && !outlets.data} data-testid="overview-clerk">
      {outlets.error ? (
        <Failed error={outlets.error} />
      ) : (
        <List
          dataSource={outlets.data ?? []}
          rowKey={({ outlet }) => outlet.id}
          renderItem={({ outlet, balance }) => (
            <List.Item extra={<More to={outletPath(outlet.id)}>查看</More>}>
              <Flex vertical>
                <Typography.Text strong>{outlet.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {outlet.agencyName}
                </Typography.Text>
              </Flex>
              <Statistic
                title="预存款可用"
                value={balance.available}
                formatter={() => <MoneyText fen={balance.available} strong />}
                style={{ marginInlineStart: 'auto', marginInlineEnd: 24, textAlign: 'right' }}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
};

/** 学校管理员：自己的学校，在读学生和班级数。 */
const SchoolAdminCard = () => {
  const { user } = useSession();
  const ids = tenantIdsOf(user, 'school_admin');
  const schools = useApi((signal) =>
    Promise.all(
      ids.map(async (id) => {
        const [school, classes] = await Promise.all([
          unwrap(api.GET('/api/schools/{id}', { signal, params: { path: { id } } })),
          unwrap(api.GET('/api/classes', { signal, params: { query: { schoolId: id, limit: 1 } } })),
        ]);
        return { school, classes: classes.total };
      }),
    ),
  );
  return (
    <Card title="我的学校" loading={schools.loading && !schools.data} data-testid="overview-school-admin">
      {schools.error ? (
        <Failed error={schools.error} />
      ) : (
        <Flex vertical gap={16}>
          {(schools.data ?? []).map(({ school, classes }) => (
            <div key={school.id}>
              <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }}>
                <Typography.Text strong>{school.name}</Typography.Text>
                <More to={schoolPath(school.id)}>进入</More>
              </Flex>
              <Row gutter={16}>
                <Col span={8}>
                  <Count title="班级" value={classes} to={`${schoolPath(school.id)}?tab=classes`} />
                </Col>
                <Col span={8}>
                  <Statistic title="在读学生" value={school.students} />
                </Col>
                <Col span={8}>
                  <Link to={`${schoolPath(school.id)}?tab=staff`}>
                    <Statistic title="教职工" value="管理" valueStyle={{ color: '#1d5fd1', fontSize: 20 }} />
                  </Link>
                </Col>
              </Row>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
};

/** 班主任：自己的班级和人数。 */
const TeacherCard = () => {
  const { user } = useSession();
  const classes = useApi((signal) => unwrap(api.GET('/api/classes', { signal, params: { query: { limit: 200 } } })));
  const mine = new Set(tenantIdsOf(user, 'teacher'));
  return (
    <Card title="我的班级" extra={<More to="/classes" />} loading={classes.loading && !classes.data} data-testid="overview-teacher">
      {classes.error ? (
        <Failed error={classes.error} />
      ) : (
        <List
          dataSource={(classes.data?.items ?? []).filter((klass) => mine.has(klass.id))}
          rowKey="id"
          locale={{ emptyText: '目前没有担任班主任的班级' }}
          renderItem={(klass) => (
            <List.Item extra={<Typography.Text type="secondary">{klass.students} 名学生</Typography.Text>}>
              <Link to={classPath(klass.id)}>
                {klass.schoolName} · {klass.name}
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
};

/** 家长：孩子们；学生：自己。 */
const FamilyCard = ({ as }: { as: 'guardian' | 'student' }) => {
  const { user } = useSession();
  const students = useApi((signal) => unwrap(api.GET('/api/students', { signal, params: { query: { limit: 200 } } })));
  const ids = tenantIdsOf(user, as);
  const mine = (students.data?.items ?? []).filter((student) => ids.includes(student.id));
  return (
    <Card
      title={as === 'guardian' ? '我的孩子' : '我的信息'}
      extra={<More to={as === 'guardian' ? '/children' : '/me'} />}
      loading={students.loading && !students.data}
      data-testid={as === 'guardian' ? 'overview-guardian' : 'overview-student'}
    >
      {students.error ? (
        <Failed error={students.error} />
      ) : (
        <StudentCards compact students={mine} empty={as === 'guardian' ? '还没有关联的孩子' : '没有找到学籍信息'} />
      )}
    </Card>
  );
};

const CARDS: Record<Overview, () => ReactNode> = {
  platform: () => <PlatformCard />,
  agent: () => <AgentCard />,
  clerk: () => <ClerkCard />,
  school_admin: () => <SchoolAdminCard />,
  teacher: () => <TeacherCard />,
  guardian: () => <FamilyCard as="guardian" />,
  student: () => <FamilyCard as="student" />,
};

/** 首页上当前用户各角色的“我的…”卡片，竖排。 */
export const RoleOverview = () => {
  const { user } = useSession();
  const kinds = overviewsFor(user);
  if (kinds.length === 0) {
    return null;
  }
  return (
    <>
      {kinds.map((kind) => (
        <div key={kind}>{CARDS[kind]()}</div>
      ))}
    </>
  );
};
