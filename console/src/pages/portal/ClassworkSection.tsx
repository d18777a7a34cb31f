import { Alert, Empty, List, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../app/request';
import { useApi } from '../../components/useApi';
import { dueLabel, WEEKDAY_NAMES, weekdayOf } from '../school/classwork/classwork';

const Heading = ({ children }: { children: string }) => (
  <Typography.Title level={5} style={{ margin: '16px 0 8px' }}>
    {children}
  </Typography.Title>
);

/**
 * 家长网校的“作业成绩”（手机优先，390×844）：快到期的作业，本周课表（默认今天），孩子本人的考试成绩。
 * 只显示这个孩子自己的成绩：没有别的孩子的分数，没有排名，也没有班级平均分。
 */
const ClassworkSection = ({ studentId }: { studentId: string }) => {
  const data = useApi((signal) => unwrap(api.GET('/api/students/{id}/classwork', { signal, params: { path: { id: studentId } } })));
  const [day, setDay] = useState<number | null>(null);
  if (data.error) {return <Alert type="error" showIcon message="无法获取作业成绩" description={errorMessage(data.error)} />;}
  const c = data.data;
  if (!c) {return <Skeleton active />;}

  const upcoming = c.homework.filter((h) => h.dueDay >= c.today);
  const past = c.homework.filter((h) => h.dueDay < c.today).reverse();
  const weekend = c.timetable.slots.some((s) => s.weekday > 5);
  const days = weekend ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5];
  const todayWd = weekdayOf(c.today);
  const shown = day ?? (days.includes(todayWd) ? todayWd : 1);
  const lessons = c.timetable.slots.filter((s) => s.weekday === shown).sort((a, b) => a.period - b.period);

  return (
    <div data-testid="portal-classwork">
      <Heading>作业</Heading>
      {upcoming.length === 0 && past.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="最近没有作业" />
      ) : (
        <List
          size="small"
          dataSource={[...upcoming, ...past]}
          renderItem={(h) => {
            const due = dueLabel(c.today, h.dueDay);
            const done = h.dueDay < c.today;
            return (
              <List.Item style={{ paddingLeft: 0, paddingRight: 0, opacity: done ? 0.6 : 1 }} data-testid="portal-homework">
                <div style={{ width: '100%' }}>
                  <Space size={4} wrap>
                    <Tag color="blue" bordered={false}>{h.subject}</Tag>
                    <Typography.Text strong>{h.title}</Typography.Text>
                    <Tag color={due.color} bordered={false}>{due.text}</Tag>
                  </Space>
                  <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{h.text}</Typography.Paragraph>
                  {h.authorName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{h.authorName}</Typography.Text>}
                </div>
              </List.Item>
            );
          }}
        />
      )}

      <Heading>课表</Heading>
      {c.timetable.slots.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="学校还没有排课表" />
      ) : (
        <>
          <Segmented
            block
            size="small"
            value={shown}
            onChange={(v) => setDay(Number(v))}
            options={days.map((d) => ({ value: d, label: d === todayWd ? `${WEEKDAY_NAMES[d - 1].slice(1)}·今` : WEEKDAY_NAMES[d - 1].slice(1) }))}
            data-testid="portal-weekday"
          />
          {lessons.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="这天没有课" />
          ) : (
            <List
              size="small"
              dataSource={lessons}
              renderItem={(s) => (
                <List.Item style={{ paddingLeft: 0, paddingRight: 0 }}>
                  <Typography.Text type="secondary" style={{ width: 56, display: 'inline-block' }}>第 {s.period} 节</Typography.Text>
                  <Typography.Text style={{ flex: 1 }}>{s.subject}</Typography.Text>
                  <Typography.Text type="secondary">{s.teacherName ?? ''}</Typography.Text>
                </List.Item>
              )}
            />
          )}
        </>
      )}

      <Heading>成绩</Heading>
      {c.results.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有发布的成绩" />
      ) : (
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          {c.results.map((e) => (
            <div key={e.examId} style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '8px 12px' }} data-testid="portal-result">
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong>{e.name}</Typography.Text>
                <Typography.Text type="secondary">{e.day}</Typography.Text>
              </Space>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))', gap: 8, marginTop: 8 }}>
                {e.results.map((r) => (
                  <div key={r.subject} style={{ background: '#fafafa', borderRadius: 6, padding: '6px 8px', textAlign: 'center' }}>
                    <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{r.subject}</div>
                    <div style={{ fontSize: 20, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>{r.result}</div>
                  </div>
                ))}
              </div>
            </div>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>只显示{c.student.name}本人的成绩，不排名。</Typography.Text>
        </Space>
      )}
    </div>
  );
};

export default ClassworkSection;
