import { EditOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Empty, Flex, Input, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../app/request';
import { DateTime } from '../../components/DateTime';
import { useApi } from '../../components/useApi';
import { NOTE_TYPES, type InboxItem, type PortalNote } from '../school/notes/notes';

/** 写给老师：回复某条留言（发给写留言的老师），或不带 noteId（发给班主任）。 */
const Compose = ({ studentId, noteId, placeholder, onSent }: { studentId: string; noteId?: string; placeholder: string; onSent: () => void }) => {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    try {
      const r = await unwrap(api.POST('/api/students/{id}/messages', { params: { path: { id: studentId } }, body: { text: text.trim(), noteId, key: `portal-${Date.now()}` } }));
      message.success(`已发给${r.teacherName}`);
      setText('');
      onSent();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <Flex vertical gap={8} style={{ marginTop: 8 }}>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={300} placeholder={placeholder} data-testid="portal-reply-text" />
      <Button type="primary" block icon={<SendOutlined />} loading={sending} disabled={text.trim() === ''} onClick={() => void send()} data-testid="portal-reply-send">
        发送
      </Button>
    </Flex>
  );
};

/** 一条留言：类型、老师、时间；未读的有红点，点开即标为已读；可以回复老师。 */
const NoteCard = ({ note, studentId, onRead, onSent }: { note: PortalNote; studentId: string; onRead: (id: string) => void; onSent: () => void }) => {
  const [open, setOpen] = useState(false);
  const [replying, setReplying] = useState(false);
  const toggle = () => {
    setOpen(!open);
    if (!note.read) {
      onRead(note.id);
    }
  };
  return (
    <div
      data-testid="portal-note"
      data-read={note.read ? 'yes' : 'no'}
      style={{ background: '#fff', border: '1px solid #f0f0f0', borderLeft: `3px solid ${note.read ? '#d9d9d9' : '#1677ff'}`, borderRadius: 8, padding: '10px 12px' }}
    >
      <Flex justify="space-between" align="center" gap={8} onClick={toggle} style={{ cursor: 'pointer' }}>
        <Flex align="center" gap={6} wrap style={{ minWidth: 0 }}>
          {!note.read ? <Badge status="error" /> : null}
          <Tag color={NOTE_TYPES[note.type].color} style={{ marginInlineEnd: 0 }}>
            {note.typeTitle}
          </Tag>
          {note.urgent ? <Tag color="red">紧急</Tag> : null}
          <Typography.Text strong={!note.read}>{note.authorName}</Typography.Text>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          <DateTime value={note.deliverAt} />
        </Typography.Text>
      </Flex>
      <Typography.Paragraph onClick={toggle} ellipsis={open ? false : { rows: 2 }} style={{ margin: '6px 0 0', fontSize: 15, whiteSpace: 'pre-wrap', cursor: 'pointer' }} data-testid="portal-note-text">
        {note.text}
      </Typography.Paragraph>
      {open ? (
        replying ? (
          <Compose studentId={studentId} noteId={note.id} placeholder={`回复${note.authorName}`} onSent={() => (setReplying(false), onSent())} />
        ) : (
          <Button size="small" type="link" icon={<EditOutlined />} style={{ paddingInline: 0 }} onClick={() => setReplying(true)} data-testid="portal-reply">
            回复{note.authorName}
          </Button>
        )
      ) : null}
    </div>
  );
};

/** 我给老师的留言和老师的答复。 */
const MessageCard = ({ item }: { item: InboxItem }) => (
  <div style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: '10px 12px' }} data-testid="portal-message">
    <Flex justify="space-between" gap={8}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        我{item.kind === 'bzr' ? '给班主任' : '回复老师'}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <DateTime value={item.receivedAt} />
      </Typography.Text>
    </Flex>
    <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{item.text}</div>
    {item.answers.length === 0 ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        老师还没有答复
      </Typography.Text>
    ) : (
      item.answers.map((a, index) => (
        <div key={index} style={{ background: '#f6ffed', borderRadius: 6, padding: '6px 10px', marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            老师答复 · <DateTime value={a.at} />
          </Typography.Text>
          <div style={{ whiteSpace: 'pre-wrap' }}>{a.text}</div>
        </div>
      ))
    )}
  </div>
);

/** 家长网校的“留言”：孩子收到的留言（新的在前，未读标红点，点开即已读，可回复老师），以及我给老师的留言。 */
const NotesSection = ({ studentId }: { studentId: string }) => {
  const data = useApi((signal) => unwrap(api.GET('/api/students/{id}/notes', { signal, params: { path: { id: studentId } } })));
  const [view, setView] = useState<'notes' | 'mine'>('notes');
  const [read, setRead] = useState<Set<string>>(new Set());
  const [writing, setWriting] = useState(false);

  const markRead = (noteId: string) => {
    setRead((prev) => new Set(prev).add(noteId));
    void unwrap(api.POST('/api/students/{id}/notes/{noteId}/read', { params: { path: { id: studentId, noteId } } })).catch(() => undefined);
  };

  if (data.error) {
    return <Alert type="error" showIcon message="无法获取留言" description={errorMessage(data.error)} />;
  }
  if (!data.data) {
    return <Skeleton active />;
  }
  const notes = data.data.notes.map((note) => (read.has(note.id) ? { ...note, read: true } : note));
  const unread = notes.filter((note) => !note.read).length;
  return (
    <Flex vertical gap={10} data-testid="portal-notes">
      <Segmented
        block
        value={view}
        onChange={(value) => setView(value as 'notes' | 'mine')}
        options={[
          {
            value: 'notes',
            label: (
              <Badge count={unread} size="small" offset={[8, -2]} title={`${unread} 条未读`}>
                老师留言
              </Badge>
            ),
          },
          { value: 'mine', label: `我的留言${data.data.messages.length ? `（${data.data.messages.length}）` : ''}` },
        ]}
      />
      {view === 'notes' ? (
        notes.length === 0 ? (
          <Empty description="还没有老师的留言" />
        ) : (
          notes.map((note) => <NoteCard key={note.id} note={note} studentId={studentId} onRead={markRead} onSent={data.reload} />)
        )
      ) : (
        <>
          {writing ? (
            <Compose studentId={studentId} placeholder="写给班主任，例如请假、孩子近况" onSent={() => (setWriting(false), data.reload())} />
          ) : (
            <Button block icon={<EditOutlined />} onClick={() => setWriting(true)}>
              给班主任留言
            </Button>
          )}
          {data.data.messages.length === 0 ? <Empty description="您还没有给老师留言" /> : data.data.messages.map((item) => <MessageCard key={item.id} item={item} />)}
        </>
      )}
    </Flex>
  );
};

export default NotesSection;
