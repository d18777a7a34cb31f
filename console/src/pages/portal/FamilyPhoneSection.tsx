import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, List, Progress, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../app/request';
import { DateTime } from '../../components/DateTime';
import { useApi } from '../../components/useApi';

type Entry = { phone: string; name: string };

const Editor = ({ studentId, initial, onDone, onCancel }: { studentId: string; initial: Entry[]; onDone: () => void; onCancel: () => void }) => {
  const { message } = App.useApp();
  const [rows, setRows] = useState<Entry[]>(initial.length ? initial : [{ phone: '', name: '' }]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (i: number, patch: Partial<Entry>) => {
    setError(null);
    setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  };
  const save = async () => {
    setSaving(true);
    try {
      await unwrap(api.PUT('/api/students/{id}/family-numbers', { params: { path: { id: studentId } }, body: { numbers: rows.filter((r) => r.phone.trim() || r.name.trim()) } }));
      message.success('亲情号码已保存');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div data-testid="family-editor">
      {rows.map((r, i) => (
        <Space.Compact key={i} style={{ width: '100%', marginBottom: 8 }}>
          <Input style={{ width: '32%' }} placeholder="称呼，如 奶奶" value={r.name} maxLength={10} onChange={(e) => set(i, { name: e.target.value })} />
          <Input style={{ width: '56%' }} placeholder="手机号" inputMode="tel" value={r.phone} maxLength={20} onChange={(e) => set(i, { phone: e.target.value })} />
          <Button style={{ width: '12%' }} icon={<DeleteOutlined />} aria-label="删除" onClick={() => setRows(rows.filter((_, k) => k !== i))} />
        </Space.Compact>
      ))}
      {rows.length < 3 && (
        <Button type="dashed" block icon={<PlusOutlined />} onClick={() => setRows([...rows, { phone: '', name: '' }])} style={{ marginBottom: 8 }}>
          添加号码（最多 3 个）
        </Button>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <Space>
        <Button type="primary" onClick={() => void save()} loading={saving}>
          保存
        </Button>
        <Button onClick={onCancel}>取消</Button>
      </Space>
    </div>
  );
};

/** 家长网校 · 亲情电话：孩子的 3 个亲情号码（可修改）、本月已用分钟和最近的通话。 */
const FamilyPhoneSection = ({ studentId }: { studentId: string }) => {
  const info = useApi((signal) => unwrap(api.GET('/api/students/{id}/family-numbers', { signal, params: { path: { id: studentId } } })));
  const [editing, setEditing] = useState(false);
  if (info.error) {
    return <Alert type="error" showIcon message="无法获取亲情电话" description={errorMessage(info.error)} />;
  }
  const f = info.data;
  if (!f) {
    return <Skeleton active />;
  }
  const pct = f.minutesAllowed > 0 ? Math.min(100, Math.round((f.minutesUsed / f.minutesAllowed) * 100)) : 100;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="portal-family">
      {!f.active && <Alert type="warning" showIcon message="亲情电话未开通" description="开通家校互动后，孩子可以用学校的亲情电话拨打下面的号码。" />}
      <Card size="small" title={`本月通话（${f.month}）`}>
        <Progress percent={pct} status={f.minutesLeft === 0 ? 'exception' : 'normal'} format={() => `${f.minutesUsed}/${f.minutesAllowed}`} />
        <Typography.Text type="secondary">
          已用 {f.minutesUsed} 分钟，还剩 {f.minutesLeft} 分钟（不足一分钟按一分钟计，每月 1 日重置）
        </Typography.Text>
      </Card>
      <Card
        size="small"
        title="亲情号码"
        extra={
          !editing && (
            <Button type="link" size="small" onClick={() => setEditing(true)} data-testid="family-edit">
              修改
            </Button>
          )
        }
      >
        {editing ? (
          <Editor
            studentId={studentId}
            initial={f.numbers.map((n) => ({ phone: n.phone, name: n.name }))}
            onCancel={() => setEditing(false)}
            onDone={() => {
              setEditing(false);
              info.reload();
            }}
          />
        ) : f.numbers.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有设置亲情号码" />
        ) : (
          <List
            size="small"
            dataSource={f.numbers}
            renderItem={(n) => (
              <List.Item key={n.slot}>
                <Space>
                  <Tag bordered={false}>{n.slot}</Tag>
                  <Typography.Text strong>{n.name}</Typography.Text>
                </Space>
                <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{n.phone}</Typography.Text>
              </List.Item>
            )}
          />
        )}
        {!f.otherCarriersAllowed && !editing && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            只能设置中国移动的手机号。
          </Typography.Text>
        )}
      </Card>
      <Card size="small" title="最近通话">
        {f.calls.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本月还没有通话" />
        ) : (
          <List
            size="small"
            dataSource={f.calls}
            renderItem={(c) => (
              <List.Item key={c.id}>
                <div>
                  <div>{f.numbers.find((n) => n.phone === c.number)?.name ?? c.number}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <DateTime value={c.startedAt ?? c.authorizedAt} />
                  </Typography.Text>
                </div>
                <Typography.Text>{c.durationSeconds === null ? '未上报' : `${Math.floor(c.durationSeconds / 60)}分${c.durationSeconds % 60}秒 · ${c.minutesCharged} 分钟`}</Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
};

export default FamilyPhoneSection;
