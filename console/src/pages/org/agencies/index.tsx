import type { ProColumns } from '@ant-design/pro-components';
import { access } from '../../../app/access';
import { api, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { agencyPath, NameAndCode } from '../components/columns';
import { NewAgencyModal } from '../components/NewAgencyModal';
import { OrgListPage } from '../components/OrgListPage';
import { Maybe, OrgStatusBadge } from '../components/tags';
import type { Agency } from '../org';

const agencyColumns: ProColumns<Agency>[] = [
  {
    title: '代理商',
    dataIndex: 'name',
    render: (_, agency) => <NameAndCode to={agencyPath(agency.id)} name={agency.name} code={agency.code} />,
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

/** 机构与学校 › 代理商与网点：代理商列表；点进去看预存款、网点和学校。代理商只看到自己，直接进入自己的页面。 */
const AgenciesPage = () => {
  const { user } = useSession();

  return (
    <OrgListPage<Agency>
      content="代理商在平台上发展营业网点和学校，用预存款为网点调拨资金。点击代理商查看其预存款、网点和学校。"
      testId="agencies"
      noun="代理商"
      counter="个"
      level="agency"
      columns={agencyColumns}
      scrollX={760}
      list={(query) => unwrap(api.GET('/api/agencies', { params: { query } }))}
      pathOf={agencyPath}
      newDialog={access(user).canNewAgency ? (dialog) => <NewAgencyModal {...dialog} /> : undefined}
    />
  );
};

export default AgenciesPage;
