import { MessageOutlined, SendOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Badge, Button, Card, Empty, Flex, Input, List, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import type { InboxItem } from '../notes/notes';

type Kind = 'reply' | 'bzr';

const KIND_TAG: Record<InboxItem['kind'], { text: string; color: string }> = {
  reply: { text: '短信回复', color: 'blue' },
  portal: { text: '网校留言', color: 'cyan' },
  bzr: { text: '班主任信箱', color: 'purple' },
};

/** 一条家长留言：谁（学生、班级、家长）、回复的是哪条留言、内容、已有的答复，以及答复框。 */
const Item = ({ item, onAnswered }: { item: InboxItem; onAnswered: () => void }) => {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(item.answeredAt === null);
  const [sending, setSending] = useState(false);
  const answer = async () => {
    setSending(true);
    try {
      await unwrap(api.POST('/api/inbox/{id}/answer', { params: { path: { id: item.id } }, body: { text: text.trim(), key: `console-${Date.now()}` } }));
      message.success('答复已通过短信发给家长');
      setText('');
      setOpen(false);
      onAnswered();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <Card size="small" style={{ width: '100%' }} data-testid="inbox-item">
      <Flex justify="space-between" wrap gap={8}>
        <Space wrap size={6}>
          {item.answeredAt === null ? <Badge status="processing" text="待答复" /> : <Badge status="success" text="已答复" />}
          <Typography.Text strong>{item.studentName ?? '—'}</Typography.Text>
          <Typography.Text type="secondary">{item.className}</Typography.Text>
          <Typography.Text>
            {item.label ?? '家长'} {item.guardianName}
          </Typography.Text>
          <Typography.Text type="secondary">{item.phone}</Typography.Text>
          <Tag color={KIND_TAG[item.kind].color}>{KIND_TAG[item.kind].text}</Tag>
        </Space>
        <Typography.Text type="secondary">
          <DateTime value={item.receivedAt} />
        </Typography.Text>
      </Flex>
      {item.noteText ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }} ellipsis={{ rows: 1 }}>
          回复留言：{item.noteText}
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph style={{ margin: '8px 0', fontSize: 15, whiteSpace: 'pre-wrap' }} data-testid="inbox-text">
        {item.text}
      </Typography.Paragraph>
      {item.answers.map((a, index) => (
        <div key={index} style={{ background: '#f6ffed', borderRadius: 6, padding: '6px 10px', marginBottom: 6 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            我的答复（{a.via === 'sms' ? '短信' : '网页'}）· <DateTime value={a.at} />
          </Typography.Text>
          <div style={{ whiteSpace: 'pre-wrap' }}>{a.text}</div>
        </div>
      ))}
      {open ? (
        <Flex gap={8} align="flex-end" style={{ marginTop: 8 }}>
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={300} placeholder="答复家长（以短信发送，家长可以直接回复）" data-testid="inbox-answer" />
          <Button type="primary" icon={<SendOutlined />} loading={sending} disabled={text.trim() === ''} onClick={() => void answer()}>
            答复
          </Button>
        </Flex>
      ) : (
        <Button size="small" icon={<MessageOutlined />} onClick={() => setOpen(true)}>
          继续答复
        </Button>
      )}
    </Card>
  );
};

const Box = ({ kind }: { kind: Kind }) => {
  const box = useApi((signal) => unwrap(api.GET('/api/inbox', { signal, params: { query: { kind, limit: 100 } } })));
  if (box.error) {
    return <Alert type="error" showIcon message={errorMessage(box.error)} />;
  }
  return (
    <List
      loading={box.loading}
      dataSource={box.data?.items ?? []}
      locale={{ emptyText: <Empty description={kind === 'bzr' ? '班主任信箱里还没有留言。家长发送“BZR+内容”到 10657099 即可留言。' : '还没有家长回复。家长直接回复您的留言短信，或在家长网校回复，都会出现在这里。'} /> }}
      renderItem={(item) => (
        <List.Item style={{ padding: '6px 0', border: 'none' }}>
          <Item item={item} onAnswered={box.reload} />
        </List.Item>
      )}
    />
  );
};

/**
 * 家长回音与班主任信箱：家长回复留言（短信或家长网校）、发给班主任的 BZR 留言。每条都已转发到老师手机，
 * 老师可以在这里答复，也可以直接回复转发的短信；答复以短信发给家长。
 */
const InboxPage = () => {
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Kind | null) ?? 'reply';
  return (
    <PageContainer content="家长的回复和班主任信箱。每条留言都已转发到您的手机，直接回复那条短信也能答复家长。">
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          { key: 'reply', label: '家长回音', children: <Box kind="reply" /> },
          { key: 'bzr', label: '班主任信箱', children: <Box kind="bzr" /> },
        ]}
      />
    </PageContainer>
  );
};

export default InboxPage;
