import { access } from '../../../app/access';
import { api, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { outletColumns, outletPath } from '../components/columns';
import { NewOutletModal } from '../components/NewOutletModal';
import { OrgListPage } from '../components/OrgListPage';
import type { Outlet } from '../org';

/** 机构与学校 › 营业网点：网点及其预存款可用余额。营业员只有一个网点时直接进入网点页。 */
const OutletsPage = () => {
  const { user } = useSession();
  const can = access(user);

  return (
    <OrgListPage<Outlet>
      content="营业网点用预存款为客户充值。点击网点查看预存款余额。"
      testId="outlets"
      noun="网点"
      counter="个"
      level="outlet"
      columns={outletColumns({ showAgency: true, agencyLinks: can.canOrg })}
      scrollX={1000}
      list={(query) => unwrap(api.GET('/api/outlets', { params: { query } }))}
      pathOf={outletPath}
      newDialog={can.canNewOutlet ? (dialog) => <NewOutletModal {...dialog} /> : undefined}
    />
  );
};

export default OutletsPage;
