import { RightOutlined } from '@ant-design/icons';
import { Avatar, Card, Col, Descriptions, Empty, Flex, Row, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { MoneyText } from '../../../components/MoneyText';
import type { Student } from '../org';
import { studentPath } from './columns';

const Limit = ({ fen }: { fen: number | null }) => (fen === null ? <span>不限</span> : <MoneyText fen={fen} />);

/** 一个孩子（或学生本人）的卡片：姓名、学校、班级、校园卡限额，点击进入学生页。 */
export const StudentCard = ({ student, compact = false }: { student: Student; compact?: boolean }) => (
  <Link to={studentPath(student.id)} data-testid="student-card">
    <Card size="small" hoverable style={{ height: '100%' }}>
      <Flex align="center" gap={12}>
        <Avatar size={compact ? 36 : 44} style={{ backgroundColor: '#7a5af8', flex: 'none' }}>
          {student.name.slice(-1)}
        </Avatar>
        <Flex vertical style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: compact ? 14 : 16 }}>
            {student.name}
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {student.schoolName} · {student.className}
          </Typography.Text>
        </Flex>
        <RightOutlined style={{ color: 'rgba(0, 0, 0, 0.25)' }} />
      </Flex>
      <Descriptions
        size="small"
        column={compact ? 2 : 1}
        style={{ marginTop: 12 }}
        items={[
          ...(compact ? [] : [{ key: 'no', label: '学籍号', children: student.studentNo }]),
          { key: 'daily', label: '每日限额', children: <Limit fen={student.limits.daily} /> },
          { key: 'single', label: '单笔限额', children: <Limit fen={student.limits.single} /> },
        ]}
      />
    </Card>
  </Link>
);

/** 若干学生卡片排成一行行；没有时显示说明。 */
export const StudentCards = ({ students, empty, compact = false }: { students: readonly Student[]; empty: string; compact?: boolean }) =>
  students.length === 0 ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
  ) : (
    <Row gutter={[16, 16]}>
      {students.map((student) => (
        <Col key={student.id} xs={24} md={12} xl={compact ? 12 : 8}>
          <StudentCard student={student} compact={compact} />
        </Col>
      ))}
    </Row>
  );
