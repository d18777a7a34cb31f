import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Flex, Input, Popconfirm, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { access, type RoleCode } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { FilterSelect, useUrlFilters } from '../../../components/filters';
import { PasswordOnceModal } from '../components/PasswordOnceModal';
import { PersonStatusBadge, RoleTags } from '../components/tags';
import { isPersonStatus, isRole, PERSON_STATUS, ROLE_CODES, ROLE_TITLES, type Person, type PersonStatus } from '../org';
import { AddPersonModal } from './components/AddPersonModal';
import { SetRolesModal } from './components/SetRolesModal';

const ROLE_OPTIONS = ROLE_CODES.map((code) => ({ value: code, label: ROLE_TITLES[code] }));
const STATUS_OPTIONS = (Object.keys(PERSON_STATUS) as PersonStatus[]).map((code) => ({ value: code, label: PERSON_STATUS[code].label }));

type ColumnOptions = {
  editable: boolean;
  busy: string | null;
  onSetRoles: (person: Person) => void;
  onSetStatus: (person: Person, to: PersonStatus) => void;
  onAnonymise: (person: Person) => void;
};

const ANONYMOUS_NAME = '已注销用户';

const peopleColumns = ({ editable, busy, onSetRoles, onSetStatus, onAnonymise }: ColumnOptions): ProColumns<Person>[] => [
  {
    title: '姓名',
    dataIndex: 'name',
    width: 190,
    render: (_, person) => (
      <Flex vertical>
        <Typography.Text strong>{person.name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          账号 {person.login}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '手机号',
    dataIndex: 'phone',
    width: 130,
    render: (_, person) =>
      person.phone ? (
        <span style={{ fontVariantNumeric: 'tabular-nums' }}>{person.phone}</span>
      ) : (
        <Typography.Text type="secondary">未登记</Typography.Text>
      ),
  },
  {
    title: '角色',
    dataIndex: 'roles',
    // 不定宽：占用剩下的空间。
    render: (_, person) => <RoleTags roles={person.roles} />,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (_, person) => <PersonStatusBadge status={person.status} />,
  },
  {
    title: '创建时间',
    dataIndex: 'createdAt',
    width: 164,
    render: (_, person) => <DateTime value={person.createdAt} />,
  },
  ...(editable
    ? [
        {
          title: '操作',
          valueType: 'option',
          width: 210,
          fixed: 'right',
          render: (_, person) =>
            person.name === ANONYMOUS_NAME && person.login.startsWith('anon-') ? (
              <Typography.Text type="secondary">已匿名化</Typography.Text>
            ) : (
            <Space size={0}>
              <Button type="link" size="small" onClick={() => onSetRoles(person)}>
                设置角色
              </Button>
              {person.status === 'active' ? (
                <Popconfirm
                  title="停用账号"
                  description={`停用后 ${person.name} 立即下线，不能再登录。确定停用？`}
                  okText="停用"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  placement="topRight"
                  onConfirm={() => onSetStatus(person, 'disabled')}
                >
                  <Button type="link" size="small" danger loading={busy === person.id}>
                    停用
                  </Button>
                </Popconfirm>
              ) : (
                <Popconfirm
                  title="启用账号"
                  description={`启用后 ${person.name} 可以重新登录。确定启用？`}
                  okText="启用"
                  cancelText="取消"
                  placement="topRight"
                  onConfirm={() => onSetStatus(person, 'active')}
                >
                  <Button type="link" size="small" loading={busy === person.id}>
                    启用
                  </Button>
                </Popconfirm>
              )}
              {/* Only someone already stopped, and not yet anonymised: the last step when a person has left. */}
              {person.status === 'disabled' && person.name !== ANONYMOUS_NAME ? (
                <Popconfirm
                  title="匿名化（不可撤销）"
                  description={
                    <div style={{ maxWidth: 320 }}>
                      {`将清除 ${person.name} 的姓名、账号、手机号、角色和登录记录，发给此号码的短信内容也会清除；账务和审计记录只保留编号。此操作不可撤销。`}
                    </div>
                  }
                  okText="匿名化"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  placement="topRight"
                  onConfirm={() => onAnonymise(person)}
                >
                  <Button type="link" size="small" danger loading={busy === person.id} data-testid="anonymise">
                    匿名化
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          ),
        } satisfies ProColumns<Person>,
      ]
    : []),
];

type Dialog = { round: number; open: boolean };

/** 机构与学校 › 人员与角色：按姓名、账号、手机号、角色和状态查找；添加人员、设置角色、停用与启用（客服只读）。 */
const PeoplePage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const editable = access(user).canEditPeople;
  const actionRef = useRef<ActionType>();
  const [searchParams, setFilter] = useUrlFilters<'q' | 'role' | 'status'>();
  const q = searchParams.get('q')?.trim() ?? '';
  const roleParam = searchParams.get('role');
  const statusParam = searchParams.get('status');
  const role = isRole(roleParam) ? roleParam : undefined;
  const status = isPersonStatus(statusParam) ? statusParam : undefined;
  const [adding, setAdding] = useState<Dialog>({ round: 0, open: false });
  const [editing, setEditing] = useState<{ round: number; open: boolean; person: Person } | null>(null);
  const [password, setPassword] = useState<{ name: string; login: string; password: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const reload = () => void actionRef.current?.reload();

  const setStatus = async (person: Person, to: PersonStatus) => {
    setBusy(person.id);
    try {
      const path = to === 'disabled' ? '/api/users/{id}/disable' : '/api/users/{id}/enable';
      await unwrap(api.POST(path, { params: { path: { id: person.id } } }));
      message.success(to === 'disabled' ? `已停用：${person.name}` : `已启用：${person.name}`);
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const anonymise = async (person: Person) => {
    setBusy(person.id);
    try {
      const r = await unwrap(api.POST('/api/users/{id}/anonymise', { params: { path: { id: person.id } }, body: { confirm: true } }));
      message.success(`已匿名化（短信 ${r.messages + r.mo} 条已清除内容）`);
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const columns = peopleColumns({
    onAnonymise: (person) => void anonymise(person),
    editable,
    busy,
    onSetRoles: (person) => setEditing((current) => ({ round: (current?.round ?? 0) + 1, open: true, person })),
    onSetStatus: (person, to) => void setStatus(person, to),
  });

  return (
    <PageContainer
      content={
        editable
          ? '平台上的所有人员及其角色。一个人可以有多个角色（如既是教师又是家长），每个角色属于一个机构。'
          : '平台上的所有人员及其角色（只读）。'
      }
    >
      <div data-testid="people">
        <ProTable<Person, { q: string; role?: RoleCode; status?: PersonStatus }>
          rowKey="id"
          actionRef={actionRef}
          columns={columns}
          params={{ q, role, status }}
          request={async ({ q: keyword, role: roleCode, status: personStatus, current = 1, pageSize = 20 }) => {
            try {
              const result = await unwrap(
                api.GET('/api/users', {
                  params: {
                    query: { q: keyword || undefined, role: roleCode, status: personStatus, limit: pageSize, offset: (current - 1) * pageSize },
                  },
                }),
              );
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          headerTitle={
            <Flex align="center" gap={8} wrap>
              <Input.Search
                aria-label="搜索人员"
                allowClear
                placeholder="姓名、账号或手机号"
                style={{ width: 220 }}
                defaultValue={q}
                onSearch={(value) => setFilter('q', value.trim())}
              />
              <FilterSelect label="角色" placeholder="全部角色" width={140} value={role} options={ROLE_OPTIONS} onChange={(value) => setFilter('role', value)} />
              <FilterSelect label="状态" placeholder="全部状态" width={110} value={status} options={STATUS_OPTIONS} onChange={(value) => setFilter('status', value)} />
            </Flex>
          }
          toolBarRender={() =>
            editable
              ? [
                  <Button
                    key="add"
                    type="primary"
                    icon={<PlusOutlined />}
                    onClick={() => setAdding((current) => ({ round: current.round + 1, open: true }))}
                  >
                    添加人员
                  </Button>,
                ]
              : []
          }
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 人` }}
          size="middle"
          scroll={{ x: 980 }}
          locale={{ emptyText: q || role || status ? '没有符合条件的人员' : '还没有人员' }}
        />
      </div>
      {adding.round > 0 ? (
        <AddPersonModal
          key={adding.round}
          open={adding.open}
          onClose={() => setAdding((current) => ({ ...current, open: false }))}
          onDone={(result) => {
            if (result.created) {
              message.success(`已添加：${result.person.name}`);
            } else {
              message.info(`手机号 ${result.person.phone ?? ''} 已是 ${result.person.name} 的账号，已为其增加角色`);
            }
            if (result.password) {
              setPassword({ name: result.person.name, login: result.person.login, password: result.password });
            }
            reload();
          }}
        />
      ) : null}
      {editing ? (
        <SetRolesModal
          key={editing.round}
          open={editing.open}
          person={editing.person}
          onClose={() => setEditing((current) => (current ? { ...current, open: false } : current))}
          onDone={reload}
        />
      ) : null}
      <PasswordOnceModal shown={password} onClose={() => setPassword(null)} />
    </PageContainer>
  );
};

export default PeoplePage;
