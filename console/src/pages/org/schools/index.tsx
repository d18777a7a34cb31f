import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { App, Button, Input } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { schoolColumns, schoolPath } from '../components/columns';
import { NewSchoolModal } from '../components/NewSchoolModal';
import { isPlatformWide, landsOnOwn, type School } from '../org';

type Dialog = { round: number; open: boolean };

/** 机构与学校 › 学校：只列出自己看得到的学校；学校管理员只有一所学校时直接进入学校页。 */
const SchoolsPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q')?.trim() ?? '';
  const [creating, setCreating] = useState<Dialog>({ round: 0, open: false });
  const can = access(user);

  return (
    <PageContainer content="点击学校查看学校信息、班级和教职工。">
      <div data-testid="schools">
        <ProTable<School, { q: string }>
          rowKey="id"
          actionRef={actionRef}
          columns={schoolColumns({ showAgency: true, agencyLinks: can.canOrg })}
          params={{ q }}
          request={async ({ q: keyword, current = 1, pageSize = 20 }) => {
            try {
              const result = await unwrap(
                api.GET('/api/schools', { params: { query: { q: keyword || undefined, limit: pageSize, offset: (current - 1) * pageSize } } }),
              );
              const only = result.items[0];
              if (!keyword && result.total === 1 && only && landsOnOwn(user, 'school')) {
                navigate(schoolPath(only.id), { replace: true });
              }
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          onRow={(school) => ({ onClick: () => navigate(schoolPath(school.id)), style: { cursor: 'pointer' } })}
          headerTitle={
            <Input.Search
              aria-label="搜索学校"
              allowClear
              placeholder="名称或编码"
              style={{ width: 220 }}
              defaultValue={q}
              onSearch={(value) => setSearchParams(value.trim() ? { q: value.trim() } : {}, { replace: true })}
            />
          }
          toolBarRender={() =>
            can.canEditSchools
              ? [
                  <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating((d) => ({ round: d.round + 1, open: true }))}>
                    新建学校
                  </Button>,
                ]
              : []
          }
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 所学校` }}
          size="middle"
          scroll={{ x: 900 }}
          locale={{ emptyText: q ? `没有找到“${q}”相关的学校` : '还没有学校' }}
        />
      </div>
      {creating.round > 0 ? (
        <NewSchoolModal
          key={creating.round}
          open={creating.open}
          agencyOptional={isPlatformWide(user)}
          onClose={() => setCreating((d) => ({ ...d, open: false }))}
          onDone={() => void actionRef.current?.reload()}
        />
      ) : null}
    </PageContainer>
  );
};

export default SchoolsPage;
