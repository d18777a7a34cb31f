import { RedoOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Badge, Button, Card, Descriptions, Flex, Popconfirm, Result, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { NOTE_TYPES, SMS_STATE, targetText, type NoteRecipient } from '../notes/notes';

const columns = [
  { title: '学生', dataIndex: 'studentName', width: 100 },
  { title: '班级', dataIndex: 'className', width: 120 },
  {
    title: '家长',
    dataIndex: 'guardianName',
    width: 150,
    render: (_: unknown, row: NoteRecipient) => `${row.guardianName}${row.label ? `（${row.label}）` : ''}`,
  },
  { title: '手机', dataIndex: 'phone', width: 130, render: (_: unknown, row: NoteRecipient) => row.phone ?? '—' },
  {
    title: '短信',
    dataIndex: 'sms',
    width: 100,
    render: (_: unknown, row: NoteRecipient) => {
      const look = SMS_STATE[row.sms] ?? { text: row.sms, color: 'default' };
      return <Tag color={look.color}>{look.text}</Tag>;
    },
  },
  {
    title: '网校阅读',
    dataIndex: 'readAt',
    width: 180,
    render: (_: unknown, row: NoteRecipient) => (row.readAt ? <Badge status="success" text={<DateTime value={row.readAt} />} /> : <Badge status="default" text="未读" />),
  },
  { title: '家长收到的内容', dataIndex: 'text', ellipsis: true },
];

/** 留言详情：每位家长一行——短信是否送达、在家长网校是否已读；短信失败的可以重发。 */
const NotePage = () => {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [resending, setResending] = useState(false);
  const detail = useApi((signal) => unwrap(api.GET('/api/notes/{id}', { signal, params: { path: { id } } })));
  const note = detail.data?.note;
  const summary = detail.data?.summary;

  const resend = async () => {
    setResending(true);
    try {
      const r = await unwrap(api.POST('/api/notes/{id}/resend', { params: { path: { id } } }));
      message.success(r.resent ? `已重发 ${r.resent} 条短信` : '没有需要重发的短信');
      detail.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setResending(false);
    }
  };

  if (detail.error) {
    return (
      <PageContainer onBack={() => navigate('/school/notes')}>
        <Result status="warning" title="无法查看这条留言" subTitle={errorMessage(detail.error)} />
      </PageContainer>
    );
  }
  return (
    <PageContainer
      title="留言详情"
      onBack={() => navigate('/school/notes')}
      extra={
        summary && summary.failed > 0 ? (
          <Popconfirm title={`给 ${summary.failed} 位短信失败的家长重发？`} onConfirm={() => void resend()}>
            <Button icon={<RedoOutlined />} loading={resending} data-testid="note-resend">
              重发失败
            </Button>
          </Popconfirm>
        ) : (
          <Button icon={<RedoOutlined />} onClick={() => detail.reload()}>
            刷新
          </Button>
        )
      }
    >
      <Card loading={!note} style={{ marginBottom: 16 }}>
        {note ? (
          <>
            <Descriptions column={{ xs: 1, md: 3 }} size="small">
              <Descriptions.Item label="类型">
                <Tag color={NOTE_TYPES[note.type].color}>{note.typeTitle}</Tag>
                {note.urgent ? <Tag color="red">紧急</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label="发给">{targetText(note)}</Descriptions.Item>
              <Descriptions.Item label="发信人">{note.authorName}</Descriptions.Item>
              <Descriptions.Item label="写于">
                <DateTime value={note.createdAt} />
              </Descriptions.Item>
              <Descriptions.Item label="发送时间">
                <DateTime value={note.deliverAt} />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 6, marginTop: 8 }}>{note.text}</Typography.Paragraph>
          </>
        ) : null}
      </Card>
      {summary ? (
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          {(
            [
              ['已送达', summary.delivered, '#389e0d'],
              ['处理中', summary.pending, '#1d5fd1'],
              ['失败', summary.failed, '#cf1322'],
              ['已拦截', summary.blocked, '#c41d7f'],
              ['仅网校（未订购）', summary.portalOnly, undefined],
              ['网校已读', summary.read, '#389e0d'],
            ] as const
          ).map(([title, value, color]) => (
            <Card size="small" key={title} style={{ flex: '1 1 130px' }}>
              <Statistic title={title} value={value} valueStyle={{ color: value ? color : undefined }} />
            </Card>
          ))}
        </Flex>
      ) : null}
      {summary && summary.failed > 0 ? <Alert type="warning" showIcon message={`${summary.failed} 位家长的短信没有送达，可以点右上角“重发失败”。`} style={{ marginBottom: 16 }} /> : null}
      <Card title="每位家长">
        <Table<NoteRecipient>
          rowKey={(row) => `${row.studentId}:${row.guardianId}`}
          size="middle"
          loading={detail.loading}
          dataSource={detail.data?.recipients ?? []}
          columns={columns}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="note-recipients"
        />
      </Card>
    </PageContainer>
  );
};

export default NotePage;
