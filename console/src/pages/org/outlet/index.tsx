import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Flex, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { agencyPath } from '../components/columns';
import { LoadFailed } from '../components/LoadFailed';
import { PrepaidBalance } from '../components/PrepaidBalance';
import { Maybe, OrgStatusBadge } from '../components/tags';
import { landsOnOwn } from '../org';

const OutletView = ({ id }: { id: string }) => {
  const { user } = useSession();
  const navigate = useNavigate();
  const detail = useApi((signal) => unwrap(api.GET('/api/outlets/{id}', { signal, params: { path: { id } } })));
  const balance = useApi((signal) => unwrap(api.GET('/api/outlets/{id}/balance', { signal, params: { path: { id } } })));
  const outlet = detail.data;
  const can = access(user);
  const ownOnly = landsOnOwn(user, 'outlet');

  if (detail.error && !outlet) {
    return <LoadFailed title="网点详情" missing="网点不存在" error={detail.error} back={{ to: '/org/outlets', label: '返回网点列表' }} />;
  }

  return (
    <PageContainer
      title={outlet?.name ?? '网点详情'}
      tags={outlet ? <Tag bordered={false}>{outlet.code}</Tag> : undefined}
      onBack={ownOnly ? undefined : () => navigate('/org/outlets')}
      loading={detail.loading && !outlet}
      content={
        outlet ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3 }}
            items={[
              {
                key: 'agency',
                label: '代理商',
                children: can.canOrg ? <Link to={agencyPath(outlet.agencyId)}>{outlet.agencyName}</Link> : outlet.agencyName,
              },
              { key: 'address', label: '地址', children: <Maybe text={outlet.address} /> },
              { key: 'status', label: '状态', children: <OrgStatusBadge status={outlet.status} /> },
              { key: 'code', label: '编码', children: outlet.code },
              { key: 'created', label: '创建时间', children: <DateTime value={outlet.createdAt} /> },
            ]}
          />
        ) : null
      }
      extra={[
        <Button
          key="reload"
          icon={<ReloadOutlined />}
          onClick={() => {
            detail.reload();
            balance.reload();
          }}
          loading={detail.loading || balance.loading}
        >
          刷新
        </Button>,
      ]}
    >
      <Flex vertical gap={16}>
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            预存款
          </Typography.Title>
          <PrepaidBalance balance={balance.data} error={balance.error} loading={balance.loading} ledgerLink={can.canLedger} />
        </div>
        {outlet?.status === 'suspended' ? <Alert type="warning" showIcon message="网点已暂停营业" /> : null}
      </Flex>
    </PageContainer>
  );
};

/** 机构与学校 › 网点详情：网点信息和预存款余额（营业员登录后从“营业网点”直接到这里）。 */
const OutletPage = () => {
  const { id = '' } = useParams();
  return <OutletView key={id} id={id} />;
};

export default OutletPage;
