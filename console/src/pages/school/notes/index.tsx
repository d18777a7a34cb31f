import { SendOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { isPlatformWide, tenantIdsOf } from '../../org/org';
import { NOTE_TYPES, NOTE_TYPE_OPTIONS, targetText, type NoteType, type SchoolNote } from './notes';

type Values = { type: NoteType; classIds: string[]; studentIds?: string[]; text: string; urgent?: boolean; sendAt?: Dayjs | null };

const WHOLE_SCHOOL = '__school__';

/**
 * 家校互动：上面写留言（类型、班级或选定学生、内容、模板、紧急、定时），下面是已发留言和各自的送达、阅读情况。
 * 老师只能给自己任课的班级写；学校管理员可以给几个班或全校写，并可标为紧急（夜间也立即发送）。
 */
const NotesPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const adminOf = tenantIdsOf(user, 'school_admin');
  const admin = adminOf.length > 0 || isPlatformWide(user);
  const classes = useApi((signal) => unwrap(api.GET('/api/classes', { signal, params: { query: { limit: 200 } } })));
  const students = useApi((signal) => unwrap(api.GET('/api/students', { signal, params: { query: { limit: 200 } } })));
  const notes = useApi((signal) => unwrap(api.GET('/api/notes', { signal, params: { query: { limit: 100 } } })));
  const chosenClasses = Form.useWatch('classIds', form) ?? [];
  const text = Form.useWatch('text', form) ?? '';
  const classList = classes.data?.items ?? [];
  const wholeSchool = chosenClasses.includes(WHOLE_SCHOOL);
  const schoolId = adminOf[0] ?? classList.find((klass) => chosenClasses.includes(klass.id))?.schoolId ?? classList[0]?.schoolId;
  const templates = useApi((signal) =>
    schoolId ? unwrap(api.GET('/api/note-templates', { signal, params: { query: { schoolId } } })) : Promise.resolve({ items: [] }),
  );
  // 班级列表到了才知道学校：学校变了重新取模板。
  const reloadTemplates = templates.reload;
  useEffect(() => {
    if (schoolId) {
      reloadTemplates();
    }
  }, [schoolId, reloadTemplates]);
  const studentOptions = useMemo(
    () =>
      (students.data?.items ?? [])
        .filter((student) => chosenClasses.includes(student.classId))
        .map((student) => ({ value: student.id, label: `${student.name}（${student.className}）` })),
    [students.data, chosenClasses],
  );

  const submit = async (values: Values) => {
    if (!schoolId) {
      return;
    }
    setSending(true);
    try {
      const classIds = values.classIds.filter((id) => id !== WHOLE_SCHOOL);
      const body = {
        type: values.type,
        text: values.text.trim(),
        urgent: values.urgent || undefined,
        sendAt: values.sendAt ? values.sendAt.toISOString() : undefined,
        key: `console-${Date.now()}`,
        ...(values.studentIds?.length ? { studentIds: values.studentIds } : wholeSchool ? {} : { classIds }),
      };
      const result = admin
        ? await unwrap(api.POST('/api/schools/{id}/notes', { params: { path: { id: schoolId } }, body }))
        : await unwrap(api.POST('/api/notes', { body: { ...body, schoolId } }));
      const later = new Date(result.deliverAt).getTime() > Date.now() + 60_000;
      message.success(`已发送给 ${result.recipients} 位家长${result.smsQueued ? `，其中 ${result.smsQueued} 位收短信` : ''}${later ? '（夜间或定时留言，到时发送）' : ''}`);
      form.resetFields(['text', 'studentIds', 'urgent', 'sendAt']);
      notes.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSending(false);
    }
  };

  const columns = [
    { title: '时间', dataIndex: 'createdAt', width: 170, render: (_: unknown, note: SchoolNote) => <DateTime value={note.createdAt} /> },
    {
      title: '类型',
      dataIndex: 'type',
      width: 100,
      render: (_: unknown, note: SchoolNote) => (
        <Space size={4}>
          <Tag color={NOTE_TYPES[note.type].color}>{note.typeTitle}</Tag>
          {note.urgent ? <Tag color="red">紧急</Tag> : null}
        </Space>
      ),
    },
    { title: '发给', dataIndex: 'target', width: 140, ellipsis: true, render: (_: unknown, note: SchoolNote) => targetText(note) },
    { title: '内容', dataIndex: 'text', ellipsis: true, width: 300 },
    { title: '发信人', dataIndex: 'authorName', width: 90 },
    {
      title: '家长 / 短信',
      dataIndex: 'recipients',
      width: 110,
      render: (_: unknown, note: SchoolNote) => `${note.recipients} / ${note.smsQueued}`,
    },
    { title: '已读', dataIndex: 'studentsRead', width: 80, render: (_: unknown, note: SchoolNote) => `${note.studentsRead}/${note.students}` },
    {
      title: '状态',
      dataIndex: 'deliverAt',
      width: 170,
      render: (_: unknown, note: SchoolNote) =>
        new Date(note.deliverAt).getTime() > Date.now() ? (
          <Tag color="orange">
            待发 <DateTime value={note.deliverAt} />
          </Tag>
        ) : (
          <Tag color="success">已发出</Tag>
        ),
    },
    { title: '操作', key: 'op', width: 64, render: (_: unknown, note: SchoolNote) => <Link to={`/school/notes/${encodeURIComponent(note.id)}`}>详情</Link> },
  ];

  return (
    <PageContainer content="给家长写留言：课堂表现、作业、操行评语、考试成绩、近期状况和通知。所有家长都能在家长网校看到；订购了家校互动的家长同时收到短信，通知免费发给每位家长。">
      <Card title="写留言" style={{ marginBottom: 16 }} data-testid="note-compose">
        {classes.error ? <Alert type="error" showIcon message={errorMessage(classes.error)} style={{ marginBottom: 12 }} /> : null}
        <Form<Values> form={form} layout="vertical" initialValues={{ type: 'homework', classIds: [] }} onFinish={(values) => void submit(values)} style={{ maxWidth: 760 }}>
          <Form.Item name="type" label="类型" rules={[{ required: true }]}>
            <Radio.Group options={NOTE_TYPE_OPTIONS} optionType="button" buttonStyle="solid" />
          </Form.Item>
          <Form.Item name="classIds" label="发给哪些班级" rules={[{ required: true, type: 'array', min: 1, message: '请选择班级' }]}>
            <Select
              mode="multiple"
              placeholder="选择班级"
              loading={classes.loading}
              data-testid="note-classes"
              options={[
                ...(admin ? [{ value: WHOLE_SCHOOL, label: '全校（所有班级）' }] : []),
                ...classList.map((klass) => ({ value: klass.id, label: adminOf.length > 1 || isPlatformWide(user) ? `${klass.schoolName} · ${klass.name}` : klass.name })),
              ]}
            />
          </Form.Item>
          {!wholeSchool && chosenClasses.length > 0 ? (
            <Form.Item name="studentIds" label="只发给选定学生的家长（可不选）" extra="不选则发给所选班级的全部家长">
              <Select mode="multiple" allowClear placeholder="选择学生" options={studentOptions} optionFilterProp="label" />
            </Form.Item>
          ) : null}
          <Form.Item label="模板">
            <Select
              allowClear
              placeholder={templates.data?.items.length ? '选择模板，内容会填入下面' : '暂无模板'}
              options={(templates.data?.items ?? []).map((template) => ({ value: template.id, label: `${template.title}${template.shared ? '（全校）' : ''}` }))}
              onChange={(id) => {
                const template = templates.data?.items.find((item) => item.id === id);
                if (template) {
                  form.setFieldsValue({ type: template.type, text: template.text });
                }
              }}
            />
          </Form.Item>
          <Form.Item
            name="text"
            label="内容"
            rules={[
              { required: true, whitespace: true, message: '请填写留言内容' },
              { max: 500, message: '留言不超过 500 字' },
            ]}
            extra="可以用 {name} 代表每位家长自己孩子的姓名，例如“{name}今天上课积极发言”。成绩请在“课表作业成绩”中录入，会分别发给每位家长。"
          >
            <Input.TextArea rows={4} maxLength={500} placeholder="例如：今天的语文作业：抄写第三课生字两遍。" data-testid="note-text" />
          </Form.Item>
          {text.includes('{result}') ? <Alert type="warning" showIcon message="{result} 只在录入成绩时使用，这里请不要使用" style={{ marginBottom: 12 }} /> : null}
          <Flex gap={16} wrap align="center">
            <Form.Item name="sendAt" label="定时发送（可不选）">
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder="立即发送" />
            </Form.Item>
            {admin ? (
              <Form.Item name="urgent" valuePropName="checked" label=" ">
                <Checkbox>紧急（夜间也立即发送）</Checkbox>
              </Form.Item>
            ) : null}
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            夜间 21:00 到次日 07:00 写的留言会在 07:00 发出；家长可以直接回复短信，回复会出现在“家长回音”里并转发到您的手机。
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={sending} disabled={!schoolId} data-testid="note-send">
            发送
          </Button>
        </Form>
      </Card>
      <Card title="已发留言">
        {notes.error ? <Alert type="error" showIcon message={errorMessage(notes.error)} /> : null}
        <Table<SchoolNote> rowKey="id" size="middle" loading={notes.loading} dataSource={notes.data?.items ?? []} columns={columns} scroll={{ x: 1200 }} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
      </Card>
    </PageContainer>
  );
};

export default NotesPage;
