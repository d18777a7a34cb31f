import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { PageContainer, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Col, Empty, Form, Input, List, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { components } from '../../../api/schema';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { FormModal } from '../../../components/FormModal';
import { useApi } from '../../../components/useApi';

type StaffGroup = components['schemas']['StaffGroup'];
type StaffMessage = components['schemas']['StaffMessage'];
type GroupValues = { name: string; memberIds: string[] };

const STATE: Record<StaffMessage['recipients'][number]['state'], { text: string; color: string }> = {
  delivered: { text: '已送达', color: 'green' },
  pending: { text: '发送中', color: 'blue' },
  failed: { text: '失败', color: 'red' },
  blocked: { text: '未发送', color: 'default' },
};

const newKey = () => `staff-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** 学校管理员：本校教职工分组（新建、改名、改组员、删除）。 */
const Groups = ({ schoolId, schoolName, onChanged }: { schoolId: string; schoolName: string; onChanged: () => void }) => {
  const { message } = App.useApp();
  const data = useApi((signal) => unwrap(api.GET('/api/schools/{id}/staff-groups', { signal, params: { path: { id: schoolId } } })));
  const [editing, setEditing] = useState<{ round: number; group: StaffGroup | null } | null>(null);
  const [round, setRound] = useState(0);
  const staffOptions = (data.data?.staff ?? []).map((s) => ({ value: s.userId, label: `${s.name}（${s.roles.join('、')}）` }));

  const remove = async (g: StaffGroup) => {
    try {
      await unwrap(api.DELETE('/api/schools/{id}/staff-groups/{groupId}', { params: { path: { id: schoolId, groupId: g.id } } }));
      message.success(`已删除分组：${g.name}`);
      data.reload();
      onChanged();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Card
      title={`教职工分组 · ${schoolName}`}
      extra={<Button icon={<PlusOutlined />} onClick={() => { setRound(round + 1); setEditing({ round: round + 1, group: null }); }} data-testid="staff-group-new">新建分组</Button>}
    >
      {data.error ? (
        <Alert type="error" showIcon message="无法获取分组" description={errorMessage(data.error)} />
      ) : (
        <List
          loading={!data.data}
          dataSource={data.data?.groups ?? []}
          locale={{ emptyText: <Empty description="还没有分组，例如“三年级组”“行政组”" /> }}
          renderItem={(g) => (
            <List.Item
              actions={[
                <Button key="edit" type="link" size="small" icon={<EditOutlined />} onClick={() => { setRound(round + 1); setEditing({ round: round + 1, group: g }); }}>编辑</Button>,
                <Popconfirm key="del" title={`删除分组“${g.name}”？`} description="发送记录会保留。" okText="删除" cancelText="取消" onConfirm={() => void remove(g)}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>删除</Button>
                </Popconfirm>,
              ]}
            >
              <List.Item.Meta
                title={<Space>{g.name}<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{g.members.length} 人</Typography.Text></Space>}
                description={<Space size={[4, 4]} wrap>{g.members.map((m) => <Tag key={m.userId} bordered={false}>{m.name}</Tag>)}</Space>}
              />
            </List.Item>
          )}
        />
      )}
      {editing && (
        <FormModal<GroupValues>
          key={editing.round}
          title={editing.group ? `编辑分组：${editing.group.name}` : '新建分组'}
          open
          width={520}
          submitText="保存"
          initialValues={editing.group ? { name: editing.group.name, memberIds: editing.group.members.map((m) => m.userId) } : { memberIds: [] }}
          note="组员只能是本校的老师和学校管理员。办公短信免费。"
          onClose={() => setEditing(null)}
          onSubmit={async (v) => {
            const body = { name: v.name.trim(), memberIds: v.memberIds };
            const g = editing.group
              ? await unwrap(api.PUT('/api/schools/{id}/staff-groups/{groupId}', { params: { path: { id: schoolId, groupId: editing.group.id } }, body }))
              : await unwrap(api.POST('/api/schools/{id}/staff-groups', { params: { path: { id: schoolId } }, body }));
            message.success(`已保存分组：${g.name}（${g.members.length} 人）`);
            setEditing(null);
            data.reload();
            onChanged();
          }}
        >
          <ProFormText name="name" label="分组名称" placeholder="如 三年级组" rules={[{ required: true, whitespace: true, message: '请填写分组名称' }, { max: 20, message: '最多 20 个字' }]} />
          <ProFormSelect name="memberIds" label="组员" mode="multiple" options={staffOptions} rules={[{ required: true, message: '请至少选择一位组员' }]} fieldProps={{ optionFilterProp: 'label' }} />
        </FormModal>
      )}
    </Card>
  );
};

/** 办公短信：学校管理员管理教职工分组；教职工给本校分组发短信（免费），看每人的送达情况。 */
const StaffSmsPage = () => {
  const { message } = App.useApp();
  const data = useApi((signal) => unwrap(api.GET('/api/staff-sms', { signal })));
  const [groupId, setGroupId] = useState<string>();
  const [text, setText] = useState('');
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const schools = data.data?.schools ?? [];
  const groups = schools.flatMap((s) => s.groups.map((g) => ({ ...g, schoolName: s.schoolName })));
  const multiSchool = schools.length > 1;
  const chosen = groupId ?? (groups.length === 1 ? groups[0].id : undefined);

  const sendNow = async () => {
    if (!chosen) {
      setFailure('请选择分组');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const r = await unwrap(api.POST('/api/staff-sms', { body: { groupId: chosen, text: text.trim(), key } }));
      message.success(`已发给“${r.message.groupName}”的 ${r.message.summary.recipients} 位老师`);
      setText('');
      setKey(newKey());
      data.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageContainer title="办公短信" content="学校内部通知：给本校的教职工分组发短信，免费。">
      {data.error ? (
        <Alert type="error" showIcon message="无法获取办公短信" description={errorMessage(data.error)} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              <Card title="发办公短信" loading={!data.data}>
                {groups.length === 0 ? (
                  <Empty description="本校还没有教职工分组，请学校管理员先建分组" />
                ) : (
                  <Form layout="vertical" onFinish={() => void sendNow()}>
                    <Form.Item label="发给">
                      <Select
                        value={chosen}
                        onChange={(v: string) => { setGroupId(v); setFailure(null); }}
                        placeholder="选择分组"
                        options={groups.map((g) => ({ value: g.id, label: `${multiSchool ? `${g.schoolName} · ` : ''}${g.name}（${g.members} 人）` }))}
                        data-testid="staff-sms-group"
                      />
                    </Form.Item>
                    <Form.Item label="内容" extra="短信开头自动带上您的姓名和分组名，如“王老师（三年级组）：…”。">
                      <Input.TextArea rows={4} maxLength={300} showCount value={text} onChange={(e) => { setText(e.target.value); setFailure(null); }} placeholder="如 周五下午三点在会议室开会" data-testid="staff-sms-text" />
                    </Form.Item>
                    {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
                    <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} disabled={text.trim() === ''} data-testid="staff-sms-send">发送</Button>
                  </Form>
                )}
              </Card>
              {schools.filter((s) => s.admin).map((s) => (
                <Groups key={s.schoolId} schoolId={s.schoolId} schoolName={s.schoolName} onChanged={data.reload} />
              ))}
            </Space>
          </Col>
          <Col xs={24} lg={14}>
            <Card title="发送记录" extra={<Button icon={<ReloadOutlined />} onClick={data.reload}>刷新</Button>}>
              <List
                loading={!data.data}
                dataSource={data.data?.messages ?? []}
                locale={{ emptyText: <Empty description="还没有办公短信" /> }}
                renderItem={(m) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <Tag color="blue" bordered={false}>{m.groupName}</Tag>
                          <Typography.Text>{m.senderName ?? '—'}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}><DateTime value={m.createdAt} /></Typography.Text>
                          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>已送达 {m.summary.delivered}/{m.summary.recipients}</Typography.Text>
                        </Space>
                      }
                      description={
                        <>
                          <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.88)' }}>{m.text}</div>
                          <Space size={[4, 4]} wrap style={{ marginTop: 6 }}>
                            {m.recipients.map((r) => (
                              <Tag key={r.phone ?? r.name} color={STATE[r.state].color} bordered={false}>
                                {r.name ?? r.phone} · {STATE[r.state].text}
                              </Tag>
                            ))}
                          </Space>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        </Row>
      )}
    </PageContainer>
  );
};

export default StaffSmsPage;
