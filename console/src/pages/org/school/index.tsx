import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { agencyPath } from '../components/columns';
import { LoadFailed } from '../components/LoadFailed';
import { Maybe, OrgStatusBadge } from '../components/tags';
import { canAt, landsOnOwn, type Where } from '../org';
import { ClassesTab } from './components/ClassesTab';
import { EditSchoolModal } from './components/EditSchoolModal';
import { StaffTab } from './components/StaffTab';

type Tab = 'classes' | 'staff';

const SchoolView = ({ id }: { id: string }) => {
  const { user } = useSession();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const detail = useApi((signal) => unwrap(api.GET('/api/schools/{id}', { signal, params: { path: { id } } })));
  const [editing, setEditing] = useState({ round: 0, open: false });
  const school = detail.data;

  if (detail.error && !school) {
    return <LoadFailed title="学校详情" missing="学校不存在" error={detail.error} back={{ to: '/org/schools', label: '返回学校列表' }} />;
  }

  const where: Where = { agency: school?.agencyId, school: id };
  const tabs: { key: Tab; tab: string }[] = [
    ...(canAt(user, 'canClasses', where) ? [{ key: 'classes' as const, tab: '班级' }] : []),
    ...(canAt(user, 'canStaff', where) ? [{ key: 'staff' as const, tab: '教职工' }] : []),
  ];
  const wanted = searchParams.get('tab');
  const active = tabs.find((tab) => tab.key === wanted)?.key ?? tabs[0]?.key;
  const editable = canAt(user, 'canEditSchools', where);

  return (
    <PageContainer
      title={school?.name ?? '学校详情'}
      tags={school ? <Tag bordered={false}>{school.code}</Tag> : undefined}
      onBack={landsOnOwn(user, 'school') ? undefined : () => navigate('/org/schools')}
      loading={detail.loading && !school}
      content={
        school ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3 }}
            items={[
              {
                key: 'agency',
                label: '代理商',
                children:
                  school.agencyId && school.agencyName ? (
                    access(user).canOrg ? <Link to={agencyPath(school.agencyId)}>{school.agencyName}</Link> : school.agencyName
                  ) : (
                    '平台直属'
                  ),
              },
              { key: 'district', label: '区县', children: <Maybe text={school.district} /> },
              { key: 'status', label: '状态', children: <OrgStatusBadge status={school.status} /> },
              { key: 'students', label: '在读学生', children: `${school.students} 人` },
              { key: 'code', label: '编码', children: school.code },
              { key: 'created', label: '创建时间', children: <DateTime value={school.createdAt} /> },
            ]}
          />
        ) : null
      }
      extra={[
        <Button key="reload" icon={<ReloadOutlined />} onClick={detail.reload} loading={detail.loading}>
          刷新
        </Button>,
        ...(editable && school
          ? [
              <Button key="edit" type="primary" icon={<EditOutlined />} onClick={() => setEditing((d) => ({ round: d.round + 1, open: true }))}>
                编辑
              </Button>,
            ]
          : []),
      ]}
      tabList={school && tabs.length > 0 ? tabs : undefined}
      tabActiveKey={active}
      onTabChange={(key) => setSearchParams({ tab: key }, { replace: true })}
    >
      {school ? (
        active === 'classes' ? (
          <ClassesTab school={school} editable={canAt(user, 'canEditRoster', where)} />
        ) : active === 'staff' ? (
          <StaffTab school={school} />
        ) : (
          <Alert type="info" showIcon message="学校的班级、学生和教职工由学校管理员维护。" />
        )
      ) : null}
      {editing.round > 0 && school ? (
        <EditSchoolModal
          key={editing.round}
          open={editing.open}
          school={school}
          onClose={() => setEditing((d) => ({ ...d, open: false }))}
          onDone={detail.reload}
        />
      ) : null}
    </PageContainer>
  );
};

/** 机构与学校 › 学校详情：学校信息（运营商、代理商可编辑），班级和教职工两个标签页。 */
const SchoolPage = () => {
  const { id = '' } = useParams();
  return <SchoolView key={id} id={id} />;
};

export default SchoolPage;
