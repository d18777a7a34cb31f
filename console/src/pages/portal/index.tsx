import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card, Empty, Segmented, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../app/request';
import { useSession } from '../../app/session';
import { useApi } from '../../components/useApi';
import { tenantIdsOf } from '../org/org';
import AttendanceSection from './AttendanceSection';
import ClassworkSection from './ClassworkSection';
import FamilyPhoneSection from './FamilyPhoneSection';
import NotesSection from './NotesSection';
import SubscriptionSection from './SubscriptionSection';

/**
 * 家长网校（手机优先，390×844 也好用）：上面选孩子（一个家长可以有几个孩子，在不同班级、不同学校），
 * 下面是这个孩子的留言、作业成绩课表、考勤和亲情电话。地址带 ?child=学生ID&tab=…，可以收藏、分享给家人。
 */
const PortalPage = () => {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const students = useApi((signal) => unwrap(api.GET('/api/students', { signal, params: { query: { limit: 200 } } })));
  const ids = tenantIdsOf(user, 'guardian');
  const mine = (students.data?.items ?? []).filter((student) => ids.includes(student.id));
  const [childId, setChildId] = useState<string | null>(params.get('child'));
  const tab = params.get('tab') ?? 'notes';
  const child = mine.find((student) => student.id === childId) ?? mine[0];

  useEffect(() => {
    if (child && child.id !== childId) {
      setChildId(child.id);
    }
  }, [child, childId]);

  const go = (next: { child?: string; tab?: string }) => {
    const merged = new URLSearchParams(params);
    if (next.child) {merged.set('child', next.child);}
    if (next.tab) {merged.set('tab', next.tab);}
    setParams(merged, { replace: true });
    if (next.child) {setChildId(next.child);}
  };

  return (
    <PageContainer title="家长网校" content="孩子在校的留言、作业、成绩、课表、考勤和亲情电话；我的订购和账单。">
      {students.error ? (
        <Alert type="error" showIcon message="无法获取孩子的信息" description={errorMessage(students.error)} />
      ) : !students.data ? (
        <Card loading />
      ) : mine.length === 0 ? (
        <Card>
          <Empty description="还没有关联的孩子，请联系孩子的学校登记您的手机号码" />
        </Card>
      ) : (
        <div data-testid="portal">
          {mine.length > 1 && (
            <Segmented
              block
              data-testid="portal-children"
              value={child?.id}
              onChange={(value) => go({ child: String(value) })}
              options={mine.map((student) => ({ value: student.id, label: student.name }))}
              style={{ marginBottom: 12 }}
            />
          )}
          {child && (
            <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
              <Typography.Text strong>{child.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {child.schoolName} · {child.className}
              </Typography.Text>
              <Tabs
                activeKey={tab}
                onChange={(key) => go({ tab: key })}
                items={[
                  { key: 'notes', label: '留言', children: <NotesSection key={child.id} studentId={child.id} /> },
                  { key: 'classwork', label: '作业成绩', children: <ClassworkSection key={child.id} studentId={child.id} /> },
                  { key: 'attendance', label: '考勤', children: <AttendanceSection key={child.id} studentId={child.id} /> },
                  { key: 'phone', label: '亲情电话', children: <FamilyPhoneSection key={child.id} studentId={child.id} /> },
                  { key: 'subscription', label: '我的订购', children: <SubscriptionSection /> },
                ]}
              />
            </Card>
          )}
        </div>
      )}
    </PageContainer>
  );
};

export default PortalPage;
