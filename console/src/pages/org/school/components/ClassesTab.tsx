import { PlusOutlined } from '@ant-design/icons';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { DateTime } from '../../../../components/DateTime';
import { classPath } from '../../components/columns';
import { gradeLabel, type School, type SchoolClass } from '../../org';
import { NewClassModal } from './NewClassModal';

const classColumns: ProColumns<SchoolClass>[] = [
  {
    title: '班级',
    dataIndex: 'name',
    render: (_, klass) => (
      <Link to={classPath(klass.id)} onClick={(event) => event.stopPropagation()}>
        <Typography.Text strong style={{ color: 'inherit' }}>
          {klass.name}
        </Typography.Text>
      </Link>
    ),
  },
  {
    title: '年级',
    dataIndex: 'grade',
    width: 120,
    render: (_, klass) => gradeLabel(klass.grade),
  },
  {
    title: '在读学生',
    dataIndex: 'students',
    width: 120,
    align: 'right',
    render: (_, klass) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{klass.students} 人</span>,
  },
  {
    title: '创建时间',
    dataIndex: 'createdAt',
    width: 164,
    render: (_, klass) => <DateTime value={klass.createdAt} />,
  },
];

type Dialog = { round: number; open: boolean };

/** 学校的班级：按年级排列，点击进入班级；学校管理员可以新建班级。 */
export const ClassesTab = ({ school, editable }: { school: School; editable: boolean }) => {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [creating, setCreating] = useState<Dialog>({ round: 0, open: false });

  return (
    <div data-testid="school-classes">
      <ProTable<SchoolClass>
        rowKey="id"
        actionRef={actionRef}
        headerTitle="班级"
        columns={classColumns}
        request={async () => {
          try {
            const result = await unwrap(api.GET('/api/classes', { params: { query: { schoolId: school.id, limit: 200 } } }));
            return { data: result.items, total: result.total, success: true };
          } catch (error) {
            message.error(errorMessage(error));
            return { data: [], total: 0, success: false };
          }
        }}
        onRow={(klass) => ({ onClick: () => navigate(classPath(klass.id)), style: { cursor: 'pointer' } })}
        toolBarRender={() =>
          editable
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating((d) => ({ round: d.round + 1, open: true }))}>
                  新建班级
                </Button>,
              ]
            : []
        }
        search={false}
        cardBordered
        options={{ reload: true, density: false, setting: false, fullScreen: false }}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 个班级` }}
        size="middle"
        scroll={{ x: 640 }}
        locale={{ emptyText: editable ? '还没有班级，点击“新建班级”添加' : '还没有班级' }}
      />
      {creating.round > 0 ? (
        <NewClassModal
          key={creating.round}
          open={creating.open}
          school={school}
          onClose={() => setCreating((d) => ({ ...d, open: false }))}
          onDone={() => void actionRef.current?.reload()}
        />
      ) : null}
    </div>
  );
};
