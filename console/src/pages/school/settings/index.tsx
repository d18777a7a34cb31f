import { SaveOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Badge, Button, Calendar, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { components, paths } from '../../../api/schema';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { canAt } from '../../org/org';

type Settings = paths['/api/schools/{id}/settings']['get']['responses'][200]['content']['application/json'];
type Mark = components['schemas']['CalendarDay'];
type MarkKind = Mark['kind'] | 'none';

const WEEKDAYS = [
  { value: '1', label: '周一' },
  { value: '2', label: '周二' },
  { value: '3', label: '周三' },
  { value: '4', label: '周四' },
  { value: '5', label: '周五' },
  { value: '6', label: '周六' },
  { value: '7', label: '周日' },
];
const HHMM = { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: '请填 24 小时制的 时:分，如 08:30' };
const isoWeekday = (d: Dayjs) => (d.day() === 0 ? 7 : d.day());

type FormValues = Omit<Settings, 'schoolId' | 'updatedAt' | 'schoolDays'> & { schoolDays: string[] };

const SettingsForm = ({ schoolId, operator, onSaved }: { schoolId: string; operator: boolean; onSaved: (s: Settings) => void }) => {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const settings = useApi((signal) => unwrap(api.GET('/api/schools/{id}/settings', { signal, params: { path: { id: schoolId } } })));
  useEffect(() => {
    if (settings.data) {
      form.setFieldsValue({ ...settings.data, schoolDays: [...settings.data.schoolDays] });
      onSaved(settings.data);
    }
  }, [settings.data, form, onSaved]);

  const save = async (v: FormValues) => {
    setSaving(true);
    try {
      const { schoolDays, familyOtherCarriers, ...rest } = v;
      const s = await unwrap(
        api.PUT('/api/schools/{id}/settings', { params: { path: { id: schoolId } }, body: { ...rest, ...(operator ? { familyOtherCarriers } : {}), schoolDays: [...schoolDays].sort().join('') } }),
      );
      message.success('已保存学校设置');
      onSaved(s);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  if (settings.error) {
    return <Alert type="error" showIcon message="无法获取学校设置" description={errorMessage(settings.error)} />;
  }
  return (
    <Card title="到校与放学、免打扰、亲情电话" loading={!settings.data} extra={settings.data?.updatedAt ? <Typography.Text type="secondary">上次修改 <DateTime value={settings.data.updatedAt} /></Typography.Text> : <Typography.Text type="secondary">使用默认设置</Typography.Text>}>
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="settings-form">
        <Row gutter={16}>
          <Col xs={12} md={8}>
            <Form.Item name="gateOpen" label="开门时间" tooltip="早于此时刻的刷卡不算到校（如夜间值班、保洁）" rules={[{ required: true, message: '请填写开门时间' }, HHMM]}>
              <Input placeholder="06:00" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="arriveCutoff" label="到校截止时间" tooltip="此时仍未刷卡到校的学生记为缺勤，并通知家长" rules={[{ required: true, message: '请填写到校截止时间' }, HHMM]}>
              <Input placeholder="08:30" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="leaveFrom" label="放学时间" tooltip="从此时刻起的出校刷卡是正常离校" rules={[{ required: true, message: '请填写放学时间' }, HHMM]}>
              <Input placeholder="11:30" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="quietFrom" label="夜间免打扰开始" tooltip="此时段内老师写的通知（非紧急）等到结束时再发" rules={[{ required: true, message: '请填写' }, HHMM]}>
              <Input placeholder="21:00" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="quietUntil" label="夜间免打扰结束" rules={[{ required: true, message: '请填写' }, HHMM]}>
              <Input placeholder="07:00" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="familyMinutes" label="亲情电话（分钟 / 每生每月）" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={6000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="dedupeMinutes" label="重复刷卡合并（分钟）" tooltip="同一张卡同一方向在这段时间内多次刷卡，只发一条短信" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={120} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="lateUploadMinutes" label="补传不发短信（分钟）" tooltip="闸机断网后补传的刷卡，晚于此分钟数的只记录不发短信" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={1} max={1440} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="familyOtherCarriers" label="亲情号可拨其他运营商" valuePropName="checked" tooltip={operator ? undefined : '由平台运营设置'}>
              <Switch disabled={!operator} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="schoolDays" label="每周上课日（校历中的假日和调休另行标记）" rules={[{ required: true, message: '至少选一天' }]}>
              <Checkbox.Group options={WEEKDAYS} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="settings-save">
          保存设置
        </Button>
      </Form>
    </Card>
  );
};

const SchoolCalendar = ({ schoolId, schoolDays }: { schoolId: string; schoolDays: string }) => {
  const { message } = App.useApp();
  const [month, setMonth] = useState(() => dayjs().startOf('month'));
  const [editing, setEditing] = useState<{ day: Dayjs; kind: MarkKind; note: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const marks = useApi((signal) => unwrap(api.GET('/api/schools/{id}/calendar', { signal, params: { path: { id: schoolId }, query: { from, to } } })));
  const [seen, setSeen] = useState(from);
  if (seen !== from) {
    setSeen(from);
    marks.reload();
  }
  const byDay = new Map((marks.data?.items ?? []).map((m) => [m.day, m]));

  const save = async () => {
    if (!editing) {return;}
    setSaving(true);
    try {
      await unwrap(
        api.PUT('/api/schools/{id}/calendar/{day}', {
          params: { path: { id: schoolId, day: editing.day.format('YYYY-MM-DD') } },
          body: { kind: editing.kind === 'none' ? null : editing.kind, note: editing.note.trim() || null },
        }),
      );
      message.success('已更新校历');
      setEditing(null);
      marks.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title="校历" extra={<Typography.Text type="secondary">点一天标记假日或调休上课日</Typography.Text>}>
      {marks.error ? <Alert type="error" showIcon message="无法获取校历" description={errorMessage(marks.error)} /> : null}
      <Calendar
        value={month}
        onPanelChange={(d) => setMonth(d.startOf('month'))}
        onSelect={(d, info) => {
          if (info.source === 'date') {
            const m = byDay.get(d.format('YYYY-MM-DD'));
            setEditing({ day: d, kind: m?.kind ?? 'none', note: m?.note ?? '' });
          } else {
            setMonth(d.startOf('month'));
          }
        }}
        cellRender={(d, info) => {
          if (info.type !== 'date') {return info.originNode;}
          const m = byDay.get(d.format('YYYY-MM-DD'));
          const regular = schoolDays.includes(String(isoWeekday(d)));
          if (m?.kind === 'holiday') {return <Badge status="error" text={m.note ?? '假日'} data-testid={`cal-${d.format('YYYY-MM-DD')}`} />;}
          if (m?.kind === 'school_day') {return <Badge status="processing" text={m.note ?? '上课'} data-testid={`cal-${d.format('YYYY-MM-DD')}`} />;}
          return regular ? null : <Typography.Text type="secondary">休息</Typography.Text>;
        }}
      />
      <Modal
        open={editing !== null}
        title={editing ? `${editing.day.format('YYYY年M月D日')}（${WEEKDAYS[isoWeekday(editing.day) - 1].label}）` : ''}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio.Group value={editing.kind} onChange={(e) => setEditing({ ...editing, kind: e.target.value as MarkKind })} data-testid="cal-kind">
              <Radio.Button value="holiday">假日</Radio.Button>
              <Radio.Button value="school_day">调休上课</Radio.Button>
              <Radio.Button value="none">按每周上课日</Radio.Button>
            </Radio.Group>
            <Input placeholder="说明，如 国庆节、国庆调休" maxLength={40} value={editing.note} disabled={editing.kind === 'none'} onChange={(e) => setEditing({ ...editing, note: e.target.value })} />
            <Typography.Text type="secondary">假日不发缺勤提醒；调休上课日按上课日处理。</Typography.Text>
          </Space>
        )}
      </Modal>
    </Card>
  );
};

/** 学校设置与校历：开门、到校截止、放学时间，免打扰时段，亲情电话分钟数，每周上课日，以及假日和调休。 */
const DEVICE_TYPES: Record<string, string> = { gate: '闸机', school_phone: '亲情电话机', pos: 'POS 终端', ivr: 'IVR 网关', callback: '回调' };
/** 最近 10 分钟内有心跳或请求算在线。 */
const ONLINE_MS = 10 * 60_000;

/** 本校的闸机和亲情电话机：学校管理员看在线情况；登记设备、更换密钥由运营商在“设备管理”里做。 */
const SchoolDevices = ({ schoolId }: { schoolId: string }) => {
  const devices = useApi((signal) => unwrap(api.GET('/api/schools/{id}/devices', { signal, params: { path: { id: schoolId } } })));
  return (
    <Card title="本校设备" loading={!devices.data && !devices.error} extra={<Typography.Text type="secondary">登记设备、更换密钥请联系运营商</Typography.Text>} data-testid="school-devices">
      {devices.error ? (
        <Alert type="error" showIcon message="无法获取设备" description={errorMessage(devices.error)} />
      ) : (devices.data?.items.length ?? 0) === 0 ? (
        <Empty description="本校还没有登记设备" />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {devices.data?.items.map((d) => {
            const online = d.status === 'active' && d.lastSeenAt !== null && Date.now() - dayjs(d.lastSeenAt).valueOf() < ONLINE_MS;
            return (
              <Row key={d.id} gutter={12} align="middle">
                <Col flex="120px">
                  <Typography.Text strong>{d.name}</Typography.Text>
                </Col>
                <Col flex="100px">{DEVICE_TYPES[d.type] ?? d.type}</Col>
                <Col flex="160px">
                  <Typography.Text type="secondary">{d.id}</Typography.Text>
                </Col>
                <Col flex="100px">
                  <Badge status={d.status !== 'active' ? 'default' : online ? 'success' : 'warning'} text={d.status !== 'active' ? '已停用' : online ? '在线' : '离线'} />
                </Col>
                <Col flex="auto">
                  <Typography.Text type="secondary">{d.lastSeenAt ? <>最近通信 <DateTime value={d.lastSeenAt} /></> : '从未通信'}</Typography.Text>
                </Col>
              </Row>
            );
          })}
        </Space>
      )}
    </Card>
  );
};

const SchoolSettingsPage = () => {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [schoolDays, setSchoolDays] = useState('12345');
  const schools = useApi((signal) => unwrap(api.GET('/api/schools', { signal, params: { query: { limit: 200 } } })));
  const mine = (schools.data?.items ?? []).filter((s) => canAt(user, 'canSchoolSettings', { agency: s.agencyId, school: s.id }));
  const school = mine.find((s) => s.id === params.get('school')) ?? mine[0];
  const operator = (user?.roles ?? []).some((r) => r.role === 'operator');

  return (
    <PageContainer
      title="学校设置与校历"
      content="平安短信、缺勤提醒、通知的免打扰和亲情电话都按这里的时间和校历执行（北京时间）。"
      extra={
        mine.length > 1 && (
          <Select
            style={{ minWidth: 200 }}
            value={school?.id}
            onChange={(id: string) => setParams({ school: id }, { replace: true })}
            options={mine.map((s) => ({ value: s.id, label: s.name }))}
            aria-label="学校"
            showSearch
            optionFilterProp="label"
          />
        )
      }
    >
      {schools.error ? (
        <Alert type="error" showIcon message="无法获取学校" description={errorMessage(schools.error)} />
      ) : !schools.data ? (
        <Card loading />
      ) : !school ? (
        <Card>
          <Empty description="没有可以设置的学校" />
        </Card>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} key={school.id}>
          <SettingsForm schoolId={school.id} operator={operator} onSaved={(s) => setSchoolDays(s.schoolDays)} />
          <SchoolCalendar schoolId={school.id} schoolDays={schoolDays} />
          <SchoolDevices schoolId={school.id} />
        </Space>
      )}
    </PageContainer>
  );
};

export default SchoolSettingsPage;
