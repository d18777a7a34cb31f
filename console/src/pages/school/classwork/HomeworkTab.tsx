import { DeleteOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Checkbox, DatePicker, Empty, Form, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { COMMON_SUBJECTS, newKey } from './classwork';

type Values = { subject: string; title: string; text: string; due: Dayjs; notify: boolean };

/** 作业：布置（可同时发“作业”通知给家长），已布置的列表，撤回。 */
export const HomeworkTab = ({ classId, editable }: { classId: string; editable: boolean }) => {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const list = useApi((signal) => unwrap(api.GET('/api/classes/{id}/homework', { signal, params: { path: { id: classId } } })));
  const [key, setKey] = useState(() => newKey('hw'));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const post = async (v: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await unwrap(
        api.POST('/api/classes/{id}/homework', {
          params: { path: { id: classId } },
          body: { subject: v.subject.trim(), title: v.title.trim(), text: v.text.trim(), dueDay: v.due.format('YYYY-MM-DD'), notify: v.notify, key },
        }),
      );
      message.success(v.notify ? `作业已布置。${r.notified.message}` : '作业已布置，家长在家长网校可以看到');
      form.resetFields();
      setKey(newKey('hw'));
      list.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await unwrap(api.DELETE('/api/classes/{id}/homework/{homeworkId}', { params: { path: { id: classId, homeworkId: id } } }));
      message.success('作业已撤回');
      list.reload();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {editable && (
        <Card title="布置作业">
          <Form<Values> form={form} layout="vertical" initialValues={{ due: dayjs().add(1, 'day'), notify: false }} onFinish={(v) => void post(v)} onValuesChange={() => setFailure(null)}>
            <Space wrap align="start">
              <Form.Item name="subject" label="科目" rules={[{ required: true, whitespace: true, message: '请填写科目' }, { max: 10, message: '科目最多 10 个字' }]}>
                <AutoComplete style={{ width: 140 }} options={COMMON_SUBJECTS.map((value) => ({ value }))} placeholder="如 语文" />
              </Form.Item>
              <Form.Item name="due" label="截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
                <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} allowClear={false} />
              </Form.Item>
            </Space>
            <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写作业标题' }, { max: 40, message: '标题最多 40 个字' }]}>
              <Input placeholder="如 背诵古诗《山行》" maxLength={40} />
            </Form.Item>
            <Form.Item name="text" label="内容" rules={[{ required: true, whitespace: true, message: '请填写作业内容' }, { max: 500, message: '内容最多 500 个字' }]}>
              <Input.TextArea rows={3} maxLength={500} showCount placeholder="要求、页码、需要家长配合的事" />
            </Form.Item>
            <Form.Item name="notify" valuePropName="checked" extra="订购了家校互动的家长会收到短信，其他家长在家长网校查看。">
              <Checkbox>同时作为“作业”通知发给家长</Checkbox>
            </Form.Item>
            {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
            <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="homework-post">
              布置作业
            </Button>
          </Form>
        </Card>
      )}
      <Card title="已布置的作业">
        {list.error ? (
          <Alert type="error" showIcon message="无法获取作业" description={errorMessage(list.error)} />
        ) : (
          <List
            loading={!list.data}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description="还没有布置作业" /> }}
            renderItem={(h) => (
              <List.Item
                actions={
                  editable
                    ? [
                        <Popconfirm key="del" title="撤回这份作业？" description="家长端不再显示；已发出的通知不能撤回。" okText="撤回" cancelText="取消" onConfirm={() => void remove(h.id)}>
                          <Button type="link" danger size="small" icon={<DeleteOutlined />}>撤回</Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag color="blue" bordered={false}>{h.subject}</Tag>
                      <Typography.Text strong>{h.title}</Typography.Text>
                      <Typography.Text type="secondary">{h.dueDay} 截止</Typography.Text>
                      {h.noted && <Tag color="green" bordered={false}>已通知家长</Tag>}
                    </Space>
                  }
                  description={
                    <>
                      <div style={{ whiteSpace: 'pre-wrap' }}>{h.text}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {h.authorName ?? ''} 布置于 <DateTime value={h.createdAt} />
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
};
