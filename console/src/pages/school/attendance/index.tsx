import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Popconfirm, Select, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import type { paths } from '../../../api/schema';
import { useApi } from '../../../components/useApi';
import { canAt } from '../../org/org';
import { hhmm, OUTCOME, STATUS, StatusTag, todayInBeijing } from './status';

type ClassDay = paths['/api/classes/{id}/attendance']['get']['responses'][200]['content']['application/json'];
type Row = ClassDay['students'][number];

const LeaveModal = ({ student, day, onClose, onDone }: { student: Row; day: string; onClose: () => void; onDone: () => void }) => {
  const [reason, setReason] = useState('病假');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await unwrap(api.PUT('/api/students/{id}/leave', { params: { path: { id: student.studentId } }, body: { day, reason } }));
      onDone();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={`登记请假：${student.name}（${day}）`} okText="登记" cancelText="取消" onOk={() => void save()} confirmLoading={saving} onCancel={onClose} maskClosable={false}>
      <Form layout="vertical">
        <Form.Item label="请假原因" required extra="请假的学生在到校截止时间不发缺勤通知。">
          <Input value={reason} maxLength={40} onChange={(e) => setReason(e.target.value)} data-testid="leave-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
};

/** 考勤与平安短信：选班级和日期，看每个学生的到校、离校、缺勤/请假/迟到和发出的短信；登记请假；学校管理员看全校缺勤名单。 */
const AttendancePage = () => {
  const { user } = useSession();
  const { message } = App.useApp();
  const classes = useApi((signal) => unwrap(api.GET('/api/classes', { signal, params: { query: { limit: 200 } } })));
  const [classId, setClassId] = useState<string | undefined>();
  const [day, setDay] = useState(todayInBeijing());
  const [leaveFor, setLeaveFor] = useState<Row | null>(null);
  const klass = (classes.data?.items ?? []).find((c) => c.id === classId) ?? classes.data?.items[0];
  const data = useApi(async (signal) => (klass ? unwrap(api.GET('/api/classes/{id}/attendance', { signal, params: { path: { id: klass.id }, query: { day } } })) : null));
  const isAdmin = klass ? canAt(user, 'canSchoolSettings', { school: klass.schoolId }) || canAt(user, 'canDeviceSim', { school: klass.schoolId }) : false;
  const absentees = useApi(async (signal) => (klass && isAdmin ? unwrap(api.GET('/api/schools/{id}/absentees', { signal, params: { path: { id: klass.schoolId }, query: { day } } })) : null));
  const canMark = klass ? canAt(user, 'canAttendance', { school: klass.schoolId, class: klass.id }) && !user?.roles.every((g) => g.role === 'support') : false;
  const open = day > todayInBeijing() || (day === todayInBeijing() && data.data && !data.data.cutoffRan && dayjs().tz('Asia/Shanghai').format('HH:mm') < data.data.cutoff);

  const reload = () => {
    data.reload();
    absentees.reload();
  };
  const pick = (next: { classId?: string; day?: string }) => {
    if (next.classId) {
      setClassId(next.classId);
    }
    if (next.day) {
      setDay(next.day);
    }
  };
  // A new class or day: fetch again (the first render has fetched already).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    data.reload();
    absentees.reload();
  }, [klass?.id, day]);
  const cancel = async (row: Row) => {
    try {
      await unwrap(api.DELETE('/api/students/{id}/leave', { params: { path: { id: row.studentId }, query: { day } } }));
      message.success(`已取消 ${row.name} 的请假`);
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ProColumns<Row>[] = [
    { title: '学籍号', dataIndex: 'studentNo', width: 100 },
    { title: '姓名', dataIndex: 'name', width: 100, render: (_, r) => <Typography.Text strong>{r.name}</Typography.Text> },
    { title: '状态', dataIndex: 'status', width: 90, render: (_, r) => <StatusTag status={r.status} /> },
    { title: '到校', dataIndex: 'arrivedAt', width: 80, render: (_, r) => hhmm(r.arrivedAt) },
    { title: '离校', dataIndex: 'leftAt', width: 80, render: (_, r) => hhmm(r.leftAt) },
    {
      title: '刷卡记录',
      dataIndex: 'swipes',
      render: (_, r) =>
        r.swipes.length === 0 ? (
          r.leaveReason ? <Typography.Text type="secondary">请假：{r.leaveReason}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={4} wrap>
            {r.swipes.map((s) => (
              <Tooltip key={s.id} title={`${OUTCOME[s.outcome] ?? s.outcome}${s.gate ? ` · ${s.gate}` : ''}`}>
                <Tag bordered={false} color={s.direction === 'in' ? 'green' : 'geekblue'}>
                  {s.direction === 'in' ? '进' : '出'} {hhmm(s.time)}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        ),
    },
    { title: '短信', dataIndex: 'sms', width: 70, align: 'right', render: (_, r) => (r.sms > 0 ? `${r.sms} 条` : <Typography.Text type="secondary">—</Typography.Text>) },
    {
      title: '操作',
      width: 110,
      render: (_, r) =>
        !canMark || !open ? null : r.status === 'leave' ? (
          <Popconfirm title={`取消 ${r.name} 的请假？`} onConfirm={() => void cancel(r)} okText="取消请假" cancelText="不取消">
            <a>取消请假</a>
          </Popconfirm>
        ) : r.arrivedAt ? null : (
          <a onClick={() => setLeaveFor(r)} data-testid={`leave-${r.studentNo}`}>
            登记请假
          </a>
        ),
    },
  ];

  const rows = data.data?.students ?? [];
  const countOf = (s: string) => rows.filter((r) => r.status === s).length;

  return (
    <PageContainer
      title="考勤与平安短信"
      content="学生刷卡进出校门时，给开通了平安短信的家长发短信；到校截止时间未到校且未请假的学生，通知全部家长。"
      extra={[
        <Button key="reload" icon={<ReloadOutlined />} onClick={reload} loading={data.loading}>
          刷新
        </Button>,
      ]}
    >
      {classes.error ? (
        <Alert type="error" showIcon message="无法获取班级" description={errorMessage(classes.error)} />
      ) : classes.data && classes.data.items.length === 0 ? (
        <Card>
          <Empty description="没有可查看的班级" />
        </Card>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Space wrap size={16}>
              <Select
                style={{ minWidth: 220 }}
                data-testid="attendance-class"
                aria-label="班级"
                showSearch
                optionFilterProp="label"
                value={klass?.id}
                loading={classes.loading}
                onChange={(v) => pick({ classId: v })}
                options={(classes.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.schoolName} · ${c.name}` }))}
              />
              <DatePicker allowClear={false} value={dayjs(day)} onChange={(d) => d && pick({ day: d.format('YYYY-MM-DD') })} />
              {data.data && (
                <>
                  <Statistic title="到校截止" value={data.data.cutoff} valueStyle={{ fontSize: 16 }} />
                  <Statistic title="到校" value={countOf('present') + countOf('late')} suffix={`/ ${rows.length}`} valueStyle={{ fontSize: 16 }} />
                  <Statistic title="迟到" value={countOf('late')} valueStyle={{ fontSize: 16 }} />
                  <Statistic title="缺勤" value={countOf('absent')} valueStyle={{ fontSize: 16, color: countOf('absent') ? '#cf1322' : undefined }} />
                  <Statistic title="请假" value={countOf('leave')} valueStyle={{ fontSize: 16 }} />
                  <Tag color={data.data.cutoffRan ? 'red' : 'default'} bordered={false}>
                    {!data.data.schoolDay ? '非上课日' : data.data.cutoffRan ? '截止检查已进行，缺勤通知已发' : '截止检查尚未进行'}
                  </Tag>
                </>
              )}
            </Space>
          </Card>
          {data.error ? <Alert type="error" showIcon message="无法获取考勤" description={errorMessage(data.error)} /> : null}
          <div data-testid="attendance-table">
            <ProTable<Row>
              rowKey="studentId"
              headerTitle={klass ? `${klass.name} · ${day}` : '考勤'}
              columns={columns}
              dataSource={rows}
              loading={data.loading}
              search={false}
              options={false}
              cardBordered
              pagination={false}
              size="middle"
              scroll={{ x: 760 }}
              locale={{ emptyText: '班级里还没有学生' }}
            />
          </div>
          {isAdmin && absentees.data && (
            <Card size="small" title={`全校缺勤名单（${day}）`} data-testid="absentees">
              {!absentees.data.cutoffRan ? (
                <Typography.Text type="secondary">
                  {absentees.data.schoolDay ? `到校截止时间 ${absentees.data.cutoff} 后生成名单并通知家长。` : '这一天不上课。'}
                </Typography.Text>
              ) : absentees.data.students.length === 0 ? (
                <Typography.Text type="success">全部到校或已请假。</Typography.Text>
              ) : (
                <Space wrap>
                  {absentees.data.students.map((s) => (
                    <Tag key={s.studentId} color="red" bordered={false}>
                      {s.className} · {s.name}
                    </Tag>
                  ))}
                </Space>
              )}
            </Card>
          )}
          <Typography.Text type="secondary">
            状态说明：{Object.values(STATUS).map((s) => s.label).join('、')}。请假须在当天到校截止时间前登记。
          </Typography.Text>
        </Space>
      )}
      {leaveFor && <LeaveModal student={leaveFor} day={day} onClose={() => setLeaveFor(null)} onDone={reload} />}
    </PageContainer>
  );
};

export default AttendancePage;
