import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card } from 'antd';
import { useLocation } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { useApi } from '../../../components/useApi';
import { StudentCards } from '../components/StudentCards';
import { tenantIdsOf } from '../org';

/**
 * 我的孩子（家长）和我的信息（学生本人）：每个孩子一张卡片，显示学校、班级和校园卡限额，
 * 点击进入学生页（家长在那里设置限额）。
 */
const ChildrenPage = () => {
  const { user } = useSession();
  const { pathname } = useLocation();
  const asStudent = pathname === '/me';
  const students = useApi((signal) => unwrap(api.GET('/api/students', { signal, params: { query: { limit: 200 } } })));
  // 同时是老师时接口还会列出班上的学生；这里只留自己的孩子（或自己）。
  const ids = tenantIdsOf(user, asStudent ? 'student' : 'guardian');
  const mine = (students.data?.items ?? []).filter((student) => ids.includes(student.id));

  return (
    <PageContainer
      content={
        asStudent ? '我的学校、班级和校园卡限额。限额由家长设置。' : '点击孩子的卡片，查看详情、设置校园卡的每日限额和单笔限额。'
      }
    >
      <Card loading={students.loading && !students.data} data-testid="children">
        {students.error ? (
          <Alert type="error" showIcon message="无法获取信息" description={errorMessage(students.error)} />
        ) : (
          <StudentCards students={mine} empty={asStudent ? '没有找到您的学籍信息，请联系学校' : '还没有关联的孩子，请联系孩子的学校添加'} />
        )}
      </Card>
    </PageContainer>
  );
};

export default ChildrenPage;
