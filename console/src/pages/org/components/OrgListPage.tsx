import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Input } from 'antd';
import { Fragment, useRef, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../app/request';
import { useSession } from '../../../app/session';
import { landsOnOwn } from '../org';

/** 列表接口的查询参数：名称或编码里的关键字，和一页的范围。 */
export type OrgListQuery = { q?: string; limit: number; offset: number };

/** 新建对话框收到的属性：关闭，和新建成功（列表随之刷新）。 */
export type NewOrgDialogProps = { open: boolean; onClose: () => void; onDone: () => void };

type OrgListPageProps<T extends { id: string }> = {
  /** 页头下的说明。 */
  content: string;
  /** 表格外层的 data-testid。 */
  testId: string;
  /** 这一级机构的名称和量词：“搜索学校”“共 3 所学校”“还没有学校”“新建学校”。 */
  noun: string;
  counter: '个' | '所';
  level: 'agency' | 'outlet' | 'school';
  columns: ProColumns<T>[];
  scrollX: number;
  /** 取一页。 */
  list: (query: OrgListQuery) => Promise<{ items: T[]; total: number }>;
  /** 一项的详情页。 */
  pathOf: (id: string) => string;
  /** 能新建时给出新建对话框（每次打开都重新挂载）；不能新建时不给，也不显示“新建”按钮。 */
  newDialog?: (props: NewOrgDialogProps) => ReactNode;
};

/**
 * 机构与学校里代理商、营业网点、学校的列表页：按名称或编码搜索（关键字放在地址里），点一行进入详情，
 * 可以新建。用户在这一级只有一项、且没有更高一级的角色时（见 landsOnOwn），直接进入这一项的详情页。
 */
export const OrgListPage = <T extends { id: string }>({
  content,
  testId,
  noun,
  counter,
  level,
  columns,
  scrollX,
  list,
  pathOf,
  newDialog,
}: OrgListPageProps<T>) => {
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q')?.trim() ?? '';
  const [creating, setCreating] = useState({ round: 0, open: false });

  return (
    <PageContainer content={content}>
      <div data-testid={testId}>
        <ProTable<T, { q: string }>
          rowKey="id"
          actionRef={actionRef}
          columns={columns}
          params={{ q }}
          request={async ({ q: keyword, current = 1, pageSize = 20 }) => {
            try {
              const result = await list({ q: keyword || undefined, limit: pageSize, offset: (current - 1) * pageSize });
              const only = result.items[0];
              if (!keyword && result.total === 1 && only && landsOnOwn(user, level)) {
                navigate(pathOf(only.id), { replace: true });
              }
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          onRow={(item) => ({ onClick: () => navigate(pathOf(item.id)), style: { cursor: 'pointer' } })}
          headerTitle={
            <Input.Search
              aria-label={`搜索${noun}`}
              allowClear
              placeholder="名称或编码"
              style={{ width: 220 }}
              defaultValue={q}
              onSearch={(value) => setSearchParams(value.trim() ? { q: value.trim() } : {}, { replace: true })}
            />
          }
          toolBarRender={() =>
            newDialog
              ? [
                  <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating((d) => ({ round: d.round + 1, open: true }))}>
                    {`新建${noun}`}
                  </Button>,
                ]
              : []
          }
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} ${counter}${noun}` }}
          size="middle"
          scroll={{ x: scrollX }}
          locale={{ emptyText: q ? `没有找到“${q}”相关的${noun}` : `还没有${noun}` }}
        />
      </div>
      {creating.round > 0 && newDialog ? (
        <Fragment key={creating.round}>
          {newDialog({
            open: creating.open,
            onClose: () => setCreating((d) => ({ ...d, open: false })),
            onDone: () => void actionRef.current?.reload(),
          })}
        </Fragment>
      ) : null}
    </PageContainer>
  );
};
