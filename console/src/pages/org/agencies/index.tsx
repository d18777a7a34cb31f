import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Flex, Input, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { agencyPath } from '../components/columns';
import { NewAgencyModal } from '../components/NewAgencyModal';
import { Code, Maybe, OrgStatusBadge } from '../components/tags';
import { landsOnOwn, type Agency } from '../org';

const agencyColumns: ProColumns<Agency>[] = [
  {
    title: '代理商',
    dataIndex: 'name',
    render: (_, agency) => (
      <Flex vertical>
        <Link to={agencyPath(agency.id)} onClick={(event) => event.stopPropagation()}>
          <Typography.Text strong style={{ color: 'inherit' }}>
            {agency.name}
          </Typography.Text>
        </Link>
        <Code>{agency.code}</Code>
      </Flex>
    ),
  },
  {
    title: '地区',
    dataIndex: 'region',
    width: 200,
    render: (_, agency) => <Maybe text={agency.region} />,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (_, agency) => <OrgStatusBadge status={agency.status} />,
  },
  {
    title: '创建时间',
    dataIndex: 'createdAt',
    width: 164,
    render: (_, agency) => <DateTime value={agency.createdAt} />,
  },
];

type Dialog = { round: number; open: boolean };

/** 机构与学校 › 代理商与网点：代理商列表；点进去看预存款、网点和学校。代理商只看到自己。 */
const AgenciesPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q')?.trim() ?? '';
  const [creating, setCreating] = useState<Dialog>({ round: 0, open: false });

  return (
    <PageContainer content="代理商在平台上发展营业网点和学校，用预存款为网点调拨资金。点击代理商查看其预存款、网点和学校。">
      <div data-testid="agencies">
        <ProTable<Agency, { q: string }>
          rowKey="id"
          actionRef={actionRef}
          columns={agencyColumns}
          params={{ q }}
          request={async ({ q: keyword, current = 1, pageSize = 20 }) => {
            try {
              const result = await unwrap(
                api.GET('/api/agencies', { params: { query: { q: keyword || undefined, limit: pageSize, offset: (current - 1) * pageSize } } }),
              );
              // 代理商只有自己一家时，直接进入自己的页面。
              const only = result.items[0];
              if (!keyword && result.total === 1 && only && landsOnOwn(user, 'agency')) {
                navigate(agencyPath(only.id), { replace: true });
              }
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          onRow={(agency) => ({ onClick: () => navigate(agencyPath(agency.id)), style: { cursor: 'pointer' } })}
          headerTitle={
            <Input.Search
              aria-label="搜索代理商"
              allowClear
              placeholder="名称或编码"
              style={{ width: 220 }}
              defaultValue={q}
              onSearch={(value) => setSearchParams(value.trim() ? { q: value.trim() } : {}, { replace: true })}
            />
          }
          toolBarRender={() =>
            access(user).canNewAgency
              ? [
                  <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating((d) => ({ round: d.round + 1, open: true }))}>
                    新建代理商
                  </Button>,
                ]
              : []
          }
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 个代理商` }}
          size="middle"
          scroll={{ x: 760 }}
          locale={{ emptyText: q ? `没有找到“${q}”相关的代理商` : '还没有代理商' }}
        />
      </div>
      {creating.round > 0 ? (
        <NewAgencyModal
          key={creating.round}
          open={creating.open}
          onClose={() => setCreating((d) => ({ ...d, open: false }))}
          onDone={() => void actionRef.current?.reload()}
        />
      ) : null}
    </PageContainer>
  );
};

export default AgenciesPage;
