import { access } from '../../../app/access';
import { api, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { schoolColumns, schoolPath } from '../components/columns';
import { NewSchoolModal } from '../components/NewSchoolModal';
import { OrgListPage } from '../components/OrgListPage';
import { isPlatformWide, type School } from '../org';

/** 机构与学校 › 学校：只列出自己看得到的学校；学校管理员只有一所学校时直接进入学校页。 */
const SchoolsPage = () => {
  const { user } = useSession();
  const can = access(user);

  return (
    <OrgListPage<School>
      content="点击学校查看学校信息、班级和教职工。"
      testId="schools"
      noun="学校"
      counter="所"
      level="school"
      columns={schoolColumns({ showAgency: true, agencyLinks: can.canOrg })}
      scrollX={900}
      list={(query) => unwrap(api.GET('/api/schools', { params: { query } }))}
      pathOf={schoolPath}
      newDialog={can.canEditSchools ? (dialog) => <NewSchoolModal {...dialog} agencyOptional={isPlatformWide(user)} /> : undefined}
    />
  );
};

export default SchoolsPage;
