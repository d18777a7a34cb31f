import { PhoneOutlined, WifiOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, AutoComplete, Button, Card, Col, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../../app/request';
import { BUSINESS_TIMEZONE } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { OUTCOME } from '../attendance/status';
import { devicePost, type DeviceAnswer } from './sign';

/** 演示数据里的设备（公开的演示密钥，见 docs/devices.md；正式环境须在设备管理里更换）。 */
const DEMO_GATE = { id: 'demo-gate-east', key: 'yk-demo-gate-east-0001-public-demo-key' };
const DEMO_PHONE = { id: 'demo-phone-family', key: 'yk-demo-phone-family-0001-public-demo-key' };

type Card = { cardNo: string; name: string };

const Answer = ({ answer, testId }: { answer: DeviceAnswer | null; testId: string }) =>
  answer ? (
    <div data-testid={testId}>
      <Typography.Text type="secondary">设备接口的回答（HTTP {answer.status}）：</Typography.Text>
      <pre style={{ background: '#f6f8fa', padding: 8, borderRadius: 6, fontSize: 12, maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(answer.body, null, 2)}</pre>
    </div>
  ) : null;

const DeviceFields = ({ value, onChange }: { value: { id: string; key: string }; onChange: (v: { id: string; key: string }) => void }) => (
  <Row gutter={12}>
    <Col xs={24} sm={10}>
      <Form.Item label="设备编号">
        <Input value={value.id} onChange={(e) => onChange({ ...value, id: e.target.value.trim() })} />
      </Form.Item>
    </Col>
    <Col xs={24} sm={14}>
      <Form.Item label="设备密钥" tooltip="已填好演示设备的公开密钥；请求在浏览器里按设备签名规则（HMAC-SHA256）签名。">
        <Input.Password value={value.key} onChange={(e) => onChange({ ...value, key: e.target.value })} visibilityToggle />
      </Form.Item>
    </Col>
  </Row>
);

const swipeSummary = (answer: DeviceAnswer | null): { type: 'success' | 'warning' | 'error'; text: string } | null => {
  if (!answer) {
    return null;
  }
  const body = answer.body as { message?: string; results?: { result: string; outcome: string; studentName: string | null; sms: number }[] };
  if (answer.status !== 200) {
    return { type: 'error', text: body.message ?? `失败（HTTP ${answer.status}）` };
  }
  const r = body.results?.[0];
  if (!r) {
    return null;
  }
  const who = r.studentName ?? '未登记的卡';
  const what = r.result === 'duplicate' ? '此前已记录（重传）' : (OUTCOME[r.outcome] ?? r.outcome);
  return { type: r.sms > 0 ? 'success' : 'warning', text: `${who}：${what}${r.sms > 0 ? `，发出 ${r.sms} 条平安短信` : ''}` };
};

const GatePanel = ({ cards }: { cards: Card[] }) => {
  const [device, setDevice] = useState(DEMO_GATE);
  const [card, setCard] = useState('');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [when, setWhen] = useState<'now' | 'typed'>('now');
  const [typed, setTyped] = useState<Dayjs | null>(null);
  const [answer, setAnswer] = useState<DeviceAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = card || cards[0]?.cardNo || '';

  const swipe = async () => {
    setBusy(true);
    try {
      const base = dayjs().tz(BUSINESS_TIMEZONE);
      const time = when === 'typed' && typed ? base.hour(typed.hour()).minute(typed.minute()).second(0).millisecond(0).valueOf() : Date.now();
      setAnswer(await devicePost({ deviceId: device.id, key: device.key, path: '/api/device/gate/swipes', payload: { seq: `sim-${Date.now()}`, card: chosen, direction, time, gate: '东门' } }));
    } catch (e) {
      setAnswer({ status: 0, body: { message: `请求没有发出：${(e as Error).message}` } });
    } finally {
      setBusy(false);
    }
  };
  const summary = swipeSummary(answer);

  return (
    <Card title={<Space><WifiOutlined />闸机刷卡</Space>} data-testid="gate-panel">
      <Form layout="vertical">
        <DeviceFields value={device} onChange={setDevice} />
        <Form.Item label="卡号" extra="可选本校学生的卡，也可输入一个未登记的卡号试试。">
          <AutoComplete
            value={chosen}
            onChange={setCard}
            data-testid="gate-card"
            options={cards.map((c) => ({ value: c.cardNo, label: `${c.cardNo} · ${c.name}` }))}
            filterOption={(input, option) => String(option?.label ?? '').toUpperCase().includes(input.toUpperCase())}
          />
        </Form.Item>
        <Form.Item label="方向">
          <Radio.Group value={direction} onChange={(e) => setDirection(e.target.value as 'in' | 'out')} optionType="button" buttonStyle="solid" options={[{ value: 'in', label: '进校' }, { value: 'out', label: '离校' }]} />
        </Form.Item>
        <Form.Item label="刷卡时间（设备时钟）" extra="填一个较早的时间，可以模拟离线后补传：超过设置的分钟数只记录、不发短信。">
          <Space wrap>
            <Radio.Group value={when} onChange={(e) => setWhen(e.target.value as 'now' | 'typed')} options={[{ value: 'now', label: '现在' }, { value: 'typed', label: '今天的' }]} />
            <TimePicker format="HH:mm" value={typed} onChange={setTyped} disabled={when !== 'typed'} placeholder="时:分" />
          </Space>
        </Form.Item>
        <Button type="primary" onClick={() => void swipe()} loading={busy} disabled={!chosen || !device.id || !device.key} data-testid="gate-swipe">
          刷卡
        </Button>
      </Form>
      {summary && <Alert style={{ marginTop: 16 }} type={summary.type} showIcon message={summary.text} data-testid="gate-summary" />}
      <div style={{ marginTop: 12 }}>
        <Answer answer={answer} testId="gate-answer" />
        <Typography.Text type="secondary">
          家长收到的短信在 <Link to="/sms/simulator">短信模拟器</Link> 里查看。
        </Typography.Text>
      </div>
    </Card>
  );
};

const PhonePanel = ({ cards }: { cards: Card[] }) => {
  const [device, setDevice] = useState(DEMO_PHONE);
  const [card, setCard] = useState('');
  const [number, setNumber] = useState('13800138000');
  const [seconds, setSeconds] = useState<number>(61);
  const [callId, setCallId] = useState<string | null>(null);
  const [auth, setAuth] = useState<DeviceAnswer | null>(null);
  const [record, setRecord] = useState<DeviceAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = card || cards[0]?.cardNo || '';
  const authBody = auth?.body as { allowed?: boolean; seconds?: number; message?: string } | undefined;

  const authorize = async () => {
    setBusy(true);
    setRecord(null);
    const id = `sim-call-${Date.now()}`;
    try {
      const a = await devicePost({ deviceId: device.id, key: device.key, path: '/api/device/phone/authorize', payload: { callId: id, card: chosen, number } });
      setAuth(a);
      setCallId(a.status === 200 && (a.body as { allowed?: boolean }).allowed ? id : null);
    } finally {
      setBusy(false);
    }
  };
  const hangUp = async () => {
    if (!callId) {
      return;
    }
    setBusy(true);
    try {
      setRecord(await devicePost({ deviceId: device.id, key: device.key, path: '/api/device/phone/calls', payload: { callId, card: chosen, number, startedAt: Date.now() - seconds * 1000, durationSeconds: seconds } }));
      setCallId(null);
    } finally {
      setBusy(false);
    }
  };
  const recordBody = record?.body as { minutesCharged?: number; minutesUsed?: number; minutesLeft?: number; message?: string } | undefined;

  return (
    <Card title={<Space><PhoneOutlined />亲情电话机</Space>} data-testid="phone-panel">
      <Form layout="vertical">
        <DeviceFields value={device} onChange={setDevice} />
        <Form.Item label="学生卡号">
          <Select value={chosen} onChange={setCard} options={cards.map((c) => ({ value: c.cardNo, label: `${c.cardNo} · ${c.name}` }))} data-testid="phone-card" />
        </Form.Item>
        <Form.Item label="拨打的号码">
          <Input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={20} inputMode="tel" data-testid="phone-number" />
        </Form.Item>
        <Space wrap>
          <Button type="primary" onClick={() => void authorize()} loading={busy && !callId} disabled={!chosen || !number} data-testid="phone-authorize">
            拨号（申请通话）
          </Button>
          <InputNumber min={0} max={86400} value={seconds} onChange={(v) => setSeconds(v ?? 0)} addonAfter="秒后" style={{ width: 150 }} aria-label="通话秒数" />
          <Button onClick={() => void hangUp()} disabled={!callId} loading={busy && !!callId} data-testid="phone-hangup">
            挂断（上报通话）
          </Button>
        </Space>
      </Form>
      {authBody && (
        <Alert
          style={{ marginTop: 16 }}
          type={auth?.status !== 200 ? 'error' : authBody.allowed ? 'success' : 'warning'}
          showIcon
          data-testid="phone-summary"
          message={auth?.status !== 200 ? (authBody.message ?? '失败') : authBody.allowed ? `可以通话：最多 ${Math.floor((authBody.seconds ?? 0) / 60)} 分钟` : `不能拨打：${authBody.message}`}
        />
      )}
      {recordBody && (
        <Descriptions
          style={{ marginTop: 12 }}
          size="small"
          column={1}
          bordered
          data-testid="phone-record"
          items={
            record?.status === 200
              ? [
                  { key: 'c', label: '本次扣除', children: <Tag color="blue" bordered={false}>{recordBody.minutesCharged} 分钟</Tag> },
                  { key: 'u', label: '本月已用', children: `${recordBody.minutesUsed} 分钟` },
                  { key: 'l', label: '本月剩余', children: `${recordBody.minutesLeft} 分钟` },
                ]
              : [{ key: 'e', label: '失败', children: recordBody.message }]
          }
        />
      )}
      <div style={{ marginTop: 12 }}>
        <Answer answer={record ?? auth} testId="phone-answer" />
      </div>
    </Card>
  );
};

/** 设备模拟器：代替真实硬件，在闸机上刷卡、用学校的亲情电话拨号；请求在浏览器里签名，走与真实设备相同的设备接口。 */
const DeviceSimPage = () => {
  const schools = useApi((signal) => unwrap(api.GET('/api/schools', { signal, params: { query: { limit: 200 } } })));
  const [schoolId, setSchoolId] = useState<string | undefined>();
  const school = (schools.data?.items ?? []).find((s) => s.id === schoolId) ?? (schools.data?.items ?? []).find((s) => s.name === '阳光小学') ?? schools.data?.items[0];
  const cards = useApi(async (signal) => (school ? unwrap(api.GET('/api/schools/{id}/gate-cards', { signal, params: { path: { id: school.id } } })) : { items: [] }));
  const schoolKey = school?.id;
  // The school changed (or arrived): its cards.
  useEffect(() => {
    if (schoolKey) {
      cards.reload();
    }
  }, [schoolKey]);
  const list = (cards.data?.items ?? []).map((c) => ({ cardNo: c.cardNo, name: c.name }));

  return (
    <PageContainer
      title="设备模拟器"
      content="代替闸机和亲情电话机：请求按设备签名规则在浏览器里签名，经过与真实设备相同的设备接口。设备属于哪所学校，由设备登记时决定（演示设备在阳光小学）。"
      extra={[
        <Select
          key="school"
          style={{ minWidth: 180 }}
          value={school?.id}
          onChange={setSchoolId}
          placeholder="选卡用的学校"
          options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />,
      ]}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <GatePanel cards={list} />
        </Col>
        <Col xs={24} lg={12}>
          <PhonePanel cards={list} />
        </Col>
      </Row>
    </PageContainer>
  );
};

export default DeviceSimPage;
