import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { App, Button, Input } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { outletColumns, outletPath } from '../components/columns';
import { NewOutletModal } from '../components/NewOutletModal';
import { landsOnOwn, type Outlet } from '../org';

type Dialog = { round: number; open: boolean };

/** 机构与学校 › 营业网点：网点及其预存款可用余额。营业员只有一个网点时直接进入网点页。 */
const OutletsPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q')?.trim() ?? '';
  const [creating, setCreating] = useState<Dialog>({ round: 0, open: false });
  const can = access(user);

  return (
    <PageContainer content="营业网点用预存款为客户充值。点击网点查看预存款余额。">
      <div data-testid="outlets">
        <ProTable<Outlet, { q: string }>
          rowKey="id"
          actionRef={actionRef}
          columns={outletColumns({ showAgency: true, agencyLinks: can.canOrg })}
          params={{ q }}
          request={async ({ q: keyword, current = 1, pageSize = 20 }) => {
            try {
              const result = await unwrap(
                api.GET('/api/outlets', { params: { query: { q: keyword || undefined, limit: pageSize, offset: (current - 1) * pageSize } } }),
              );
              const only = result.items[0];
              if (!keyword && result.total === 1 && only && landsOnOwn(user, 'outlet')) {
                navigate(outletPath(only.id), { replace: true });
              }
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          onRow={(outlet) => ({ onClick: () => navigate(outletPath(outlet.id)), style: { cursor: 'pointer' } })}
          headerTitle={
            <Input.Search
              aria-label="搜索网点"
              allowClear
              placeholder="名称或编码"
              style={{ width: 220 }}
              defaultValue={q}
              onSearch={(value) => setSearchParams(value.trim() ? { q: value.trim() } : {}, { replace: true })}
            />
          }
          toolBarRender={() =>
            can.canNewOutlet
              ? [
                  <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating((d) => ({ round: d.round + 1, open: true }))}>
                    新建网点
                  </Button>,
                ]
              : []
          }
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 个网点` }}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: q ? `没有找到“${q}”相关的网点` : '还没有网点' }}
        />
      </div>
      {creating.round > 0 ? (
        <NewOutletModal
          key={creating.round}
          open={creating.open}
          onClose={() => setCreating((d) => ({ ...d, open: false }))}
          onDone={() => void actionRef.current?.reload()}
        />
      ) : null}
    </PageContainer>
  );
};

export default OutletsPage;
