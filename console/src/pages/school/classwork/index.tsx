import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card, Empty, Select, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { useApi } from '../../../components/useApi';
import { canAt, classFullName } from '../../org/org';
import { HomeworkTab } from './HomeworkTab';
import { ResultsTab } from './ResultsTab';
import { TimetableTab } from './TimetableTab';

/**
 * 课表作业成绩：老师选自己任教的班（学校管理员选本校任一班），编辑课表、布置作业、录入或导入成绩并发布。
 * 成绩发布后，每位家长只看到、只收到自己孩子的成绩，不排名。地址带 ?class=班级ID&tab=…。
 */
const ClassworkPage = () => {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const classes = useApi((signal) => unwrap(api.GET('/api/classes', { signal, params: { query: { limit: 200 } } })));
  const mine = (classes.data?.items ?? []).filter((c) => canAt(user, 'canClasswork', { school: c.schoolId, class: c.id }));
  const klass = mine.find((c) => c.id === params.get('class')) ?? mine[0];
  const tab = params.get('tab') ?? 'timetable';
  const go = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {merged.set(k, v);}
    setParams(merged, { replace: true });
  };

  return (
    <PageContainer
      title="课表作业成绩"
      content="编辑班级课表，布置作业，录入或导入考试成绩并发布给家长（每位家长只看到自己孩子的成绩）。"
      extra={
        mine.length > 0 && (
          <Select
            style={{ minWidth: 240 }}
            value={klass?.id}
            onChange={(id: string) => go({ class: id })}
            options={mine.map((c) => ({ value: c.id, label: classFullName(c) }))}
            aria-label="班级"
            data-testid="classwork-class"
          />
        )
      }
    >
      {classes.error ? (
        <Alert type="error" showIcon message="无法获取班级" description={errorMessage(classes.error)} />
      ) : !classes.data ? (
        <Card loading />
      ) : !klass ? (
        <Card>
          <Empty description="您还没有任教的班级，请联系学校管理员" />
        </Card>
      ) : (
        <Tabs
          key={klass.id}
          activeKey={tab}
          onChange={(key) => go({ tab: key })}
          items={[
            { key: 'timetable', label: '课表', children: <TimetableTab classId={klass.id} editable /> },
            { key: 'homework', label: '作业', children: <HomeworkTab classId={klass.id} editable /> },
            { key: 'results', label: '成绩', children: <ResultsTab classId={klass.id} /> },
          ]}
        />
      )}
    </PageContainer>
  );
};

export default ClassworkPage;
