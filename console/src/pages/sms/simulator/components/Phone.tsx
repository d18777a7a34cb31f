import { SendOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Input, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { formatDateTime } from '../../../../components/DateTime';
import { usePolling } from '../../../../components/usePolling';
import { useApi } from '../../../../components/useApi';
import { moStatusLook, phoneStatusLook, shortTime, type PhoneLine } from '../../sms';

/** 打开期间每 2 秒刷新一次会话。 */
const REFRESH_MS = 2000;

const SHORT_CODE = /^\d{4,21}$/;

/** 快捷短信：一键发送。 */
const QUICK_TEXTS = [
  { text: 'TD', title: '退订：不再接收本平台的短信' },
  { text: 'JX', title: '订阅家校互动' },
] as const;

const Bubble = ({ line }: { line: PhoneLine }) => {
  const incoming = line.direction === 'in';
  const look = incoming ? phoneStatusLook(line.status) : moStatusLook(line.status);
  return (
    <Flex vertical align={incoming ? 'flex-start' : 'flex-end'} gap={2} data-testid={incoming ? 'bubble-in' : 'bubble-out'}>
      <Typography.Text type="secondary" style={{ fontSize: 11 }}>
        {incoming ? `来自 ${line.peer}` : `发往 ${line.peer}`} · <span title={formatDateTime(line.at) ?? undefined}>{shortTime(line.at)}</span>
      </Typography.Text>
      <div
        style={{
          maxWidth: '80%',
          padding: '8px 12px',
          borderRadius: 14,
          borderTopLeftRadius: incoming ? 4 : 14,
          borderTopRightRadius: incoming ? 14 : 4,
          background: incoming ? '#ffffff' : '#1d5fd1',
          color: incoming ? 'rgba(0, 0, 0, 0.88)' : '#ffffff',
          boxShadow: '0 1px 2px rgba(0, 0, 0, 0.08)',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          lineHeight: 1.6,
        }}
      >
        {line.text}
      </div>
      <Space size={6}>
        <Tag color={look.color} bordered={false} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px' }}>
          {look.label}
        </Tag>
        {incoming ? (
          <Link to={`/sms/messages/${encodeURIComponent(line.id)}`} style={{ fontSize: 11 }}>
            详情
          </Link>
        ) : null}
      </Space>
    </Flex>
  );
};

type PhoneProps = {
  msisdn: string;
  /** 默认的目的号码：平台的服务代码。 */
  serviceCode: string;
  /** 模拟器在运行，可以发上行短信。 */
  running: boolean;
};

/**
 * 一部模拟手机：收到的短信在左（下面是送达状态），自己发出的在右；
 * 下面是写短信的地方，发到服务代码（可以加扩展号）。每个号码挂载一次（父组件用 key 区分）。
 */
export const Phone = ({ msisdn, serviceCode, running }: PhoneProps) => {
  const { message } = App.useApp();
  const conversation = useApi((signal) => unwrap(api.GET('/api/sim/phones/{msisdn}', { signal, params: { path: { msisdn } } })));
  usePolling(conversation.reload, REFRESH_MS);
  const [to, setTo] = useState(serviceCode);
  const [text, setText] = useState('');
  const [sending, setSending] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const items = conversation.data?.items ?? [];
  const last = items.at(-1);
  const lastKey = last ? `${items.length}:${last.id}:${last.status}` : '';

  // 有新短信（或状态变化）时滚到底部，像手机一样总是看到最新的一条。
  useEffect(() => {
    const list = listRef.current;
    if (list) {
      list.scrollTop = list.scrollHeight;
    }
  }, [lastKey]);

  const toValid = SHORT_CODE.test(to.trim());

  const send = async (body: string) => {
    const content = body.trim();
    if (!content || !toValid) {
      return;
    }
    setSending(content);
    try {
      const result = await unwrap(api.POST('/api/sim/mo', { body: { from: msisdn, to: to.trim(), text: content } }));
      if (content === text.trim()) {
        setText('');
      }
      if (result.parts > 1) {
        message.info(`内容较长，已按 ${result.parts} 条发出`);
      }
      conversation.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSending(null);
    }
  };

  return (
    <div
      data-testid="phone"
      style={{
        width: '100%',
        maxWidth: 460,
        margin: '0 auto',
        border: '10px solid #1f2329',
        borderRadius: 36,
        background: '#1f2329',
        boxShadow: '0 12px 32px rgba(15, 61, 143, 0.18)',
        overflow: 'hidden',
      }}
    >
      <Flex
        align="center"
        justify="space-between"
        style={{ background: '#ffffff', padding: '14px 18px 10px', borderRadius: '26px 26px 0 0', borderBottom: '1px solid #f0f0f0' }}
      >
        <Flex vertical>
          <Typography.Text strong style={{ fontSize: 16, fontVariantNumeric: 'tabular-nums', letterSpacing: 0.5 }}>
            {msisdn}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            短信 · {items.length} 条
          </Typography.Text>
        </Flex>
        <Tooltip title="每 2 秒自动刷新">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <SyncOutlined spin={conversation.loading && conversation.data !== undefined} /> 自动刷新
          </Typography.Text>
        </Tooltip>
      </Flex>

      <div
        ref={listRef}
        data-testid="conversation"
        style={{ height: 'max(300px, calc(100vh - 470px))', overflowY: 'auto', background: '#f2f3f5', padding: '16px 14px' }}
      >
        {conversation.error && !conversation.data ? (
          <Alert type="error" showIcon message="无法获取这部手机的短信" description={errorMessage(conversation.error)} />
        ) : !conversation.data ? (
          <Flex align="center" justify="center" style={{ height: '100%' }}>
            <Spin />
          </Flex>
        ) : items.length === 0 ? (
          <Flex align="center" justify="center" style={{ height: '100%' }}>
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <span>
                  这部手机还没有收发过短信
                  <br />
                  在下面写一条发给 {serviceCode} 试试
                </span>
              }
            />
          </Flex>
        ) : (
          <Flex vertical gap={14}>
            {items.map((line) => (
              <Bubble key={`${line.direction}:${line.id}`} line={line} />
            ))}
          </Flex>
        )}
      </div>

      <Flex vertical gap={8} style={{ background: '#ffffff', padding: '10px 12px 14px', borderRadius: '0 0 26px 26px' }}>
        <Flex gap={8} align="center" wrap>
          <Input
            aria-label="发送至"
            addonBefore="发送至"
            value={to}
            maxLength={21}
            inputMode="numeric"
            status={toValid ? undefined : 'error'}
            onChange={(event) => setTo(event.target.value.replace(/\s/g, ''))}
            style={{ width: 210 }}
          />
          {QUICK_TEXTS.map((quick) => (
            <Tooltip key={quick.text} title={quick.title}>
              <Button
                size="small"
                disabled={!running || !toValid || sending !== null}
                loading={sending === quick.text}
                onClick={() => void send(quick.text)}
              >
                发送 {quick.text}
              </Button>
            </Tooltip>
          ))}
        </Flex>
        {toValid ? null : (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            目的号码为 4 到 21 位数字：服务代码 {serviceCode}，后面可以加扩展号
          </Typography.Text>
        )}
        <Flex gap={8} align="flex-end">
          <Input.TextArea
            aria-label="短信内容"
            placeholder={running ? '写短信…（Ctrl + Enter 发送）' : '模拟器未运行，不能发送'}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={600}
            disabled={!running}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void send(text);
              }
            }}
          />
          <Button
            type="primary"
            icon={<SendOutlined />}
            disabled={!running || !toValid || text.trim() === '' || (sending !== null && sending !== text.trim())}
            loading={sending !== null && sending === text.trim()}
            onClick={() => void send(text)}
          >
            发送
          </Button>
        </Flex>
      </Flex>
    </div>
  );
};
