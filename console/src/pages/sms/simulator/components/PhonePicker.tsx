import { MobileOutlined } from '@ant-design/icons';
import { Button, Card, Divider, Flex, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { normalizeMsisdn, type SimInfo } from '../../sms';

/** 常用号码：演示数据用到的两个，以及一个干净的新号码。 */
export const QUICK_PICKS = [
  { msisdn: '13800138000', note: '演示：收到一条平安短信' },
  { msisdn: '13900139000', note: '演示：家长会群发的收信人' },
  { msisdn: '13700137000', note: '新号码：试试发 TD 退订' },
] as const;

type PhonePickerProps = {
  value: string;
  info: SimInfo | undefined;
  onPick: (msisdn: string) => void;
};

const seconds = (ms: number): string => (ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1));

/** 左栏：输入或点选一个号码；下面说明模拟器按尾号给出的结果。 */
export const PhonePicker = ({ value, info, onPick }: PhonePickerProps) => {
  const [draft, setDraft] = useState(value);
  const [touched, setTouched] = useState(false);
  const number = normalizeMsisdn(draft);
  const invalid = touched && draft.trim() !== '' && number === null;

  const choose = (msisdn: string) => {
    setDraft(msisdn);
    setTouched(false);
    onPick(msisdn);
  };

  const open = () => {
    setTouched(true);
    if (number !== null) {
      setDraft(number);
      onPick(number);
    }
  };

  return (
    <Card title="选择手机号码" style={{ height: '100%' }}>
      <Flex vertical gap={16}>
        <div>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label="手机号码"
              placeholder="11 位手机号码"
              prefix={<MobileOutlined style={{ color: 'rgba(0, 0, 0, 0.35)' }} />}
              maxLength={20}
              inputMode="numeric"
              autoComplete="off"
              allowClear
              status={invalid ? 'error' : undefined}
              value={draft}
              onChange={(event) => {
                setDraft(event.target.value);
                setTouched(false);
              }}
              onPressEnter={open}
            />
            <Button type="primary" onClick={open}>
              打开
            </Button>
          </Space.Compact>
          {invalid ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              请输入 11 位手机号码，例如 13800138000
            </Typography.Text>
          ) : null}
        </div>

        <Flex vertical gap={8}>
          <Typography.Text type="secondary">常用号码</Typography.Text>
          {QUICK_PICKS.map((pick) => {
            const selected = pick.msisdn === value;
            return (
              <Card
                key={pick.msisdn}
                size="small"
                hoverable
                role="button"
                tabIndex={0}
                aria-pressed={selected}
                data-testid={`pick-${pick.msisdn}`}
                onClick={() => choose(pick.msisdn)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    choose(pick.msisdn);
                  }
                }}
                style={selected ? { borderColor: '#1d5fd1', boxShadow: '0 0 0 1px #1d5fd1 inset', background: '#f5f8ff' } : undefined}
                styles={{ body: { padding: '8px 12px' } }}
              >
                <Flex vertical>
                  <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums', letterSpacing: 0.5 }}>
                    {pick.msisdn}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {pick.note}
                  </Typography.Text>
                </Flex>
              </Card>
            );
          })}
        </Flex>

        <div>
          <Divider plain orientation="left" orientationMargin={0} style={{ margin: '0 0 8px' }}>
            <Typography.Text type="secondary">按号码尾号模拟的结果</Typography.Text>
          </Divider>
          <Flex vertical gap={6} data-testid="sim-rules">
            {(info?.rules ?? []).map((rule) => (
              <Flex key={rule.digit} gap={8} align="baseline">
                <Tag bordered={false} style={{ marginInlineEnd: 0, fontVariantNumeric: 'tabular-nums' }}>
                  尾号 {rule.digit}
                </Tag>
                <Typography.Text style={{ fontSize: 13 }}>{rule.title}</Typography.Text>
              </Flex>
            ))}
            <Flex gap={8} align="baseline">
              <Tag color="success" bordered={false} style={{ marginInlineEnd: 0 }}>
                其他尾号
              </Tag>
              <Typography.Text style={{ fontSize: 13 }}>
                正常送达{info ? `（约 ${seconds(info.reportDelayMs)} 秒后收到状态报告）` : ''}
              </Typography.Text>
            </Flex>
          </Flex>
          {info ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
              平台的服务代码是 <Typography.Text code>{info.serviceCode}</Typography.Text>，短信签名【{info.signature}
              】。手机发到服务代码（可带扩展号）的短信就是“上行短信”，由平台按关键字处理，例如 TD 退订。
            </Typography.Paragraph>
          ) : null}
        </div>
      </Flex>
    </Card>
  );
};
