import { EditOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Empty, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useApi } from '../../../components/useApi';
import { COMMON_SUBJECTS, WEEKDAY_NAMES, type Timetable } from './classwork';

type Grid = Record<string, string>;
const at = (weekday: number, period: number) => `${weekday}-${period}`;

const gridOf = (t: Timetable): Grid => Object.fromEntries(t.slots.map((s) => [at(s.weekday, s.period), s.subject]));

/** 任课老师：本班老师里教这门课的（按老师的科目标注）。 */
const teacherFor = (t: Timetable, subject: string, weekday: number, period: number): string | null => {
  const same = t.slots.find((s) => s.weekday === weekday && s.period === period && s.subject === subject);
  if (same) {return same.teacherId;}
  return t.teachers.find((x) => (x.subjects ?? '').split(/[、,，\s]+/).includes(subject))?.userId ?? null;
};

/** 课表：周一到周五（有周末课时也显示周末）× 第 1–8 节；编辑后整张保存。 */
export const TimetableTab = ({ classId, editable }: { classId: string; editable: boolean }) => {
  const { message } = App.useApp();
  const table = useApi((signal) => unwrap(api.GET('/api/classes/{id}/timetable', { signal, params: { path: { id: classId } } })));
  const [draft, setDraft] = useState<Grid | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const t = table.data;
  if (table.error) {return <Alert type="error" showIcon message="无法获取课表" description={errorMessage(table.error)} />;}
  if (!t) {return <Card loading />;}

  const grid = draft ?? gridOf(t);
  const weekend = t.slots.some((s) => s.weekday > 5);
  const days = weekend ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5];
  const periods = Math.max(8, ...t.slots.map((s) => s.period));
  const teacherName = (id: string | null) => t.teachers.find((x) => x.userId === id)?.name;

  const save = async () => {
    if (!draft) {return;}
    setSaving(true);
    setFailure(null);
    try {
      const slots = Object.entries(draft)
        .filter(([, subject]) => subject.trim() !== '')
        .map(([key, subject]) => {
          const [weekday, period] = key.split('-').map(Number) as [number, number];
          return { weekday, period, subject: subject.trim(), teacherId: teacherFor(t, subject.trim(), weekday, period) };
        });
      await unwrap(api.PUT('/api/classes/{id}/timetable', { params: { path: { id: classId } }, body: { slots } }));
      message.success('课表已保存，家长端同步显示');
      setDraft(null);
      table.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const rows = Array.from({ length: periods }, (_, i) => ({ period: i + 1 }));
  return (
    <Card
      title="本班课表"
      extra={
        editable &&
        (draft ? (
          <Space>
            <Button onClick={() => { setDraft(null); setFailure(null); }}>取消</Button>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="timetable-save">保存课表</Button>
          </Space>
        ) : (
          <Button icon={<EditOutlined />} onClick={() => setDraft(gridOf(t))} data-testid="timetable-edit">编辑课表</Button>
        ))
      }
    >
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      {t.slots.length === 0 && !draft ? (
        <Empty description={editable ? '还没有课表，点“编辑课表”排课' : '还没有课表'} />
      ) : (
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey="period"
          dataSource={rows}
          scroll={{ x: 640 }}
          columns={[
            { title: '节次', dataIndex: 'period', width: 70, align: 'center', render: (p: number) => `第 ${p} 节` },
            ...days.map((d) => ({
              title: WEEKDAY_NAMES[d - 1],
              key: String(d),
              align: 'center' as const,
              render: (_: unknown, row: { period: number }) => {
                const subject = grid[at(d, row.period)] ?? '';
                if (draft) {
                  return (
                    <AutoComplete
                      size="small"
                      style={{ width: '100%' }}
                      value={subject}
                      aria-label={`${WEEKDAY_NAMES[d - 1]}第${row.period}节`}
                      options={COMMON_SUBJECTS.map((value) => ({ value }))}
                      filterOption={(input, option) => (option?.value ?? '').includes(input)}
                      onChange={(value: string) => setDraft({ ...draft, [at(d, row.period)]: value })}
                    />
                  );
                }
                const slot = t.slots.find((s) => s.weekday === d && s.period === row.period);
                return subject ? (
                  <div>
                    <Typography.Text>{subject}</Typography.Text>
                    {slot?.teacherId && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{teacherName(slot.teacherId)}</Typography.Text></div>}
                  </div>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                );
              },
            })),
          ]}
        />
      )}
    </Card>
  );
};
