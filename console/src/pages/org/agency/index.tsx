import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { App, Button, Descriptions, Flex, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { outletColumns, outletPath, schoolColumns, schoolPath } from '../components/columns';
import { LoadFailed } from '../components/LoadFailed';
import { NewOutletModal } from '../components/NewOutletModal';
import { NewSchoolModal } from '../components/NewSchoolModal';
import { PrepaidBalance } from '../components/PrepaidBalance';
import { Maybe, OrgStatusBadge } from '../components/tags';
import { canAt, isPlatformWide, landsOnOwn, type Outlet, type School } from '../org';

type Dialog = { round: number; open: boolean };

const AgencyView = ({ id }: { id: string }) => {
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const outletsRef = useRef<ActionType>();
  const schoolsRef = useRef<ActionType>();
  const detail = useApi((signal) => unwrap(api.GET('/api/agencies/{id}', { signal, params: { path: { id } } })));
  const balance = useApi((signal) => unwrap(api.GET('/api/agencies/{id}/balance', { signal, params: { path: { id } } })));
  const [newOutlet, setNewOutlet] = useState<Dialog>({ round: 0, open: false });
  const [newSchool, setNewSchool] = useState<Dialog>({ round: 0, open: false });
  const agency = detail.data;
  const ownOnly = landsOnOwn(user, 'agency');

  if (detail.error && !agency) {
    return <LoadFailed title="代理商详情" missing="代理商不存在" error={detail.error} back={{ to: '/org/agencies', label: '返回代理商列表' }} />;
  }

  const refresh = () => {
    detail.reload();
    balance.reload();
    void outletsRef.current?.reload();
    void schoolsRef.current?.reload();
  };
  const canNewOutlet = canAt(user, 'canNewOutlet', { agency: id });
  const canNewSchool = canAt(user, 'canEditSchools', { agency: id });

  return (
    <PageContainer
      title={agency?.name ?? '代理商详情'}
      tags={agency ? <Tag bordered={false}>{agency.code}</Tag> : undefined}
      onBack={ownOnly ? undefined : () => navigate('/org/agencies')}
      loading={detail.loading && !agency}
      content={
        agency ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 4 }}
            items={[
              { key: 'code', label: '编码', children: agency.code },
              { key: 'region', label: '地区', children: <Maybe text={agency.region} /> },
              { key: 'status', label: '状态', children: <OrgStatusBadge status={agency.status} /> },
              { key: 'created', label: '创建时间', children: <DateTime value={agency.createdAt} /> },
            ]}
          />
        ) : null
      }
      extra={[
        <Button key="reload" icon={<ReloadOutlined />} onClick={refresh} loading={detail.loading || balance.loading}>
          刷新
        </Button>,
      ]}
    >
      <Flex vertical gap={16}>
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            预存款
          </Typography.Title>
          <PrepaidBalance balance={balance.data} error={balance.error} loading={balance.loading} ledgerLink={access(user).canLedger} />
        </div>
        <div data-testid="agency-outlets">
          <ProTable<Outlet>
            rowKey="id"
            actionRef={outletsRef}
            headerTitle="营业网点"
            columns={outletColumns({ showAgency: false, agencyLinks: false })}
            request={async ({ current = 1, pageSize = 10 }) => {
              try {
                const result = await unwrap(
                  api.GET('/api/outlets', { params: { query: { agencyId: id, limit: pageSize, offset: (current - 1) * pageSize } } }),
                );
                return { data: result.items, total: result.total, success: true };
              } catch (error) {
                message.error(errorMessage(error));
                return { data: [], total: 0, success: false };
              }
            }}
            onRow={(outlet) => ({ onClick: () => navigate(outletPath(outlet.id)), style: { cursor: 'pointer' } })}
            toolBarRender={() =>
              canNewOutlet
                ? [
                    <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setNewOutlet((d) => ({ round: d.round + 1, open: true }))}>
                      新建网点
                    </Button>,
                  ]
                : []
            }
            search={false}
            cardBordered
            options={{ reload: true, density: false, setting: false, fullScreen: false }}
            pagination={{ defaultPageSize: 10, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 个网点` }}
            size="middle"
            scroll={{ x: 860 }}
            locale={{ emptyText: canNewOutlet ? '还没有网点，点击“新建网点”添加' : '还没有网点' }}
          />
        </div>
        <div data-testid="agency-schools">
          <ProTable<School>
            rowKey="id"
            actionRef={schoolsRef}
            headerTitle="学校"
            columns={schoolColumns({ showAgency: false, agencyLinks: false })}
            request={async ({ current = 1, pageSize = 10 }) => {
              try {
                const result = await unwrap(
                  api.GET('/api/schools', { params: { query: { agencyId: id, limit: pageSize, offset: (current - 1) * pageSize } } }),
                );
                return { data: result.items, total: result.total, success: true };
              } catch (error) {
                message.error(errorMessage(error));
                return { data: [], total: 0, success: false };
              }
            }}
            onRow={(school) => ({ onClick: () => navigate(schoolPath(school.id)), style: { cursor: 'pointer' } })}
            toolBarRender={() =>
              canNewSchool
                ? [
                    <Button key="new" icon={<PlusOutlined />} onClick={() => setNewSchool((d) => ({ round: d.round + 1, open: true }))}>
                      新建学校
                    </Button>,
                  ]
                : []
            }
            search={false}
            cardBordered
            options={{ reload: true, density: false, setting: false, fullScreen: false }}
            pagination={{ defaultPageSize: 10, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 所学校` }}
            size="middle"
            scroll={{ x: 760 }}
            locale={{ emptyText: '还没有学校' }}
          />
        </div>
      </Flex>
      {newOutlet.round > 0 && agency ? (
        <NewOutletModal
          key={newOutlet.round}
          open={newOutlet.open}
          agency={{ id: agency.id, name: agency.name }}
          onClose={() => setNewOutlet((d) => ({ ...d, open: false }))}
          onDone={() => void outletsRef.current?.reload()}
        />
      ) : null}
      {newSchool.round > 0 && agency ? (
        <NewSchoolModal
          key={newSchool.round}
          open={newSchool.open}
          agency={{ id: agency.id, name: agency.name }}
          agencyOptional={isPlatformWide(user)}
          onClose={() => setNewSchool((d) => ({ ...d, open: false }))}
          onDone={() => void schoolsRef.current?.reload()}
        />
      ) : null}
    </PageContainer>
  );
};

/** 机构与学校 › 代理商详情：预存款余额、名下的营业网点（新建网点）和学校。 */
const AgencyPage = () => {
  const { id = '' } = useParams();
  return <AgencyView key={id} id={id} />;
};

export default AgencyPage;
