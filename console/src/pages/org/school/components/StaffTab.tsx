import { PlusOutlined } from '@ant-design/icons';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Flex, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { useApi } from '../../../../components/useApi';
import { PersonStatusBadge, RoleTags } from '../../components/tags';
import type { Person, School } from '../../org';
import { StaffModal } from './StaffModal';

const staffColumns = (onSet: (person: Person) => void): ProColumns<Person>[] => [
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
    render: (_, person) => person.phone ?? <Typography.Text type="secondary">未登记</Typography.Text>,
  },
  {
    title: '本校角色',
    dataIndex: 'roles',
    render: (_, person) => <RoleTags roles={person.roles} />,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (_, person) => <PersonStatusBadge status={person.status} />,
  },
  {
    title: '操作',
    valueType: 'option',
    width: 80,
    fixed: 'right',
    render: (_, person) => (
      <Button type="link" size="small" onClick={() => onSet(person)}>
        设置
      </Button>
    ),
  },
];

type Dialog = { round: number; open: boolean; person?: Person };

/** 学校的教职工：学校管理员和班主任；添加教职工，设置每个人在本校的角色和班级。 */
export const StaffTab = ({ school }: { school: School }) => {
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const classes = useApi((signal) => unwrap(api.GET('/api/classes', { signal, params: { query: { schoolId: school.id, limit: 200 } } })));
  const [dialog, setDialog] = useState<Dialog>({ round: 0, open: false });

  return (
    <div data-testid="school-staff">
      <ProTable<Person>
        rowKey="id"
        actionRef={actionRef}
        headerTitle="教职工"
        tooltip="只显示每个人在本校的角色；其他学校的角色和家长身份不在这里显示"
        columns={staffColumns((person) => setDialog((d) => ({ round: d.round + 1, open: true, person })))}
        request={async () => {
          try {
            const result = await unwrap(api.GET('/api/schools/{id}/staff', { params: { path: { id: school.id } } }));
            return { data: result.items, total: result.items.length, success: true };
          } catch (error) {
            message.error(errorMessage(error));
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <Button key="add" type="primary" icon={<PlusOutlined />} onClick={() => setDialog((d) => ({ round: d.round + 1, open: true }))}>
            添加教职工
          </Button>,
        ]}
        search={false}
        cardBordered
        options={{ reload: true, density: false, setting: false, fullScreen: false }}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 人` }}
        size="middle"
        scroll={{ x: 760 }}
        locale={{ emptyText: '还没有教职工，点击“添加教职工”添加' }}
      />
      {dialog.round > 0 ? (
        <StaffModal
          key={dialog.round}
          open={dialog.open}
          school={school}
          classes={classes.data?.items ?? []}
          classesLoading={classes.loading}
          person={dialog.person}
          onClose={() => setDialog((d) => ({ ...d, open: false }))}
          onDone={() => void actionRef.current?.reload()}
        />
      ) : null}
    </div>
  );
};
