import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { PageContainer, ProCard, ProFormDateTimeRangePicker, ProFormSelect, ProFormText, QueryFilter } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Flex, Form, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import {
  ACTION_OPTIONS,
  actorLabel,
  CHANNEL_OPTIONS,
  RESULT_OPTIONS,
  tenantLabel,
  toAuditQuery,
  type AuditEntry,
  type AuditFilterValues,
} from './audit';
import { auditColumns } from './columns';

const PAGE_SIZE = 20;

/** 当前的查询：条件，以及按游标翻页走过的每一页的游标（第一页没有游标）。 */
type View = { filters: AuditFilterValues; cursors: (string | undefined)[]; page: number; round: number };

type Loaded = { items: AuditEntry[]; nextCursor: string | null };

/** 展开一行：请求编号、来源地址、状态码和补充信息。 */
const EntryDetails = ({ entry }: { entry: AuditEntry }) => (
  <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ maxWidth: 1100 }}>
    <Descriptions.Item label="记录编号">
      <Typography.Text copyable style={{ fontSize: 12 }}>
        {entry.id}
      </Typography.Text>
    </Descriptions.Item>
    <Descriptions.Item label="请求编号">
      {entry.requestId ? (
        <Typography.Text copyable style={{ fontSize: 12 }}>
          {entry.requestId}
        </Typography.Text>
      ) : (
        '—'
      )}
    </Descriptions.Item>
    <Descriptions.Item label="来源地址">{entry.ip ?? '—'}</Descriptions.Item>
    <Descriptions.Item label="角色">{entry.roleTitle ?? entry.role ?? '—'}</Descriptions.Item>
    <Descriptions.Item label="租户">{tenantLabel(entry) ?? '—'}</Descriptions.Item>
    <Descriptions.Item label="操作人">
      {actorLabel(entry)}
      {entry.actorId ? `（编号 ${entry.actorId}）` : ''}
    </Descriptions.Item>
    <Descriptions.Item label="状态码">{entry.status ?? '—'}</Descriptions.Item>
    <Descriptions.Item label="错误码">{entry.errorCode ?? '—'}</Descriptions.Item>
    <Descriptions.Item label="补充信息" span={3}>
      {entry.details ? (
        <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {JSON.stringify(entry.details)}
        </Typography.Text>
      ) : (
        '—'
      )}
    </Descriptions.Item>
  </Descriptions>
);

/** 系统管理 › 审计日志：谁在什么时候、通过什么渠道、以什么角色做了什么，结果如何。 */
const AuditPage = () => {
  const [form] = Form.useForm<AuditFilterValues>();
  const [view, setView] = useState<View>({ filters: {}, cursors: [undefined], page: 0, round: 0 });
  const [loaded, setLoaded] = useState<Loaded>({ items: [], nextCursor: null });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    unwrap(api.GET('/api/audit', { params: { query: toAuditQuery(view.filters, view.cursors[view.page], PAGE_SIZE) } })).then(
      (result) => {
        if (live) {
          setLoaded({ items: result.items, nextCursor: result.nextCursor });
          setError(null);
          setLoading(false);
        }
      },
      (failure: unknown) => {
        if (live) {
          setError(errorMessage(failure));
          setLoading(false);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [view]);

  const search = (filters: AuditFilterValues) => setView((current) => ({ filters, cursors: [undefined], page: 0, round: current.round + 1 }));
  const onActor = (entry: AuditEntry) => {
    form.setFieldsValue({ actor: entry.actorId ?? undefined });
    search({ ...form.getFieldsValue(), actor: entry.actorId ?? undefined });
  };
  const next = () =>
    setView((current) => ({ ...current, cursors: [...current.cursors.slice(0, current.page + 1), loaded.nextCursor ?? undefined], page: current.page + 1 }));
  const previous = () => setView((current) => ({ ...current, page: Math.max(0, current.page - 1) }));

  return (
    <PageContainer content="平台上每一次改变数据的操作（网页、接口、设备、短信、命令行），以及被拒绝的尝试。记录只增不改；只保存操作人的编号，姓名在查看时查询。时间为北京时间。">
      <ProCard style={{ marginBlockEnd: 16 }} bodyStyle={{ paddingBlockEnd: 0 }}>
        <QueryFilter<AuditFilterValues>
          form={form}
          labelWidth="auto"
          defaultCollapsed={false}
          autoFocusFirstInput={false}
          span={{ xs: 24, sm: 12, md: 12, lg: 8, xl: 8, xxl: 6 }}
          onFinish={async (values) => search(values)}
          onReset={() => search({})}
        >
          <ProFormDateTimeRangePicker name="range" label="时间范围" colSize={2} fieldProps={{ placeholder: ['开始时间', '结束时间'] }} />
          <ProFormText name="actor" label="操作人" fieldProps={{ placeholder: '登录账号、编号或手机号', allowClear: true, autoComplete: 'off', maxLength: 128 }} />
          <ProFormSelect name="action" label="操作" options={ACTION_OPTIONS} fieldProps={{ placeholder: '全部操作', showSearch: true, optionFilterProp: 'label' }} />
          <ProFormSelect name="channel" label="渠道" options={CHANNEL_OPTIONS} fieldProps={{ placeholder: '全部渠道' }} />
          <ProFormSelect name="result" label="结果" options={RESULT_OPTIONS} fieldProps={{ placeholder: '全部结果' }} />
          <ProFormText name="q" label="目标" fieldProps={{ placeholder: '接口路径、编号或手机号', allowClear: true, autoComplete: 'off', maxLength: 100 }} />
        </QueryFilter>
      </ProCard>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBlockEnd: 16 }} /> : null}
      <ProCard
        title="审计记录"
        extra={
          <Button onClick={() => setView((current) => ({ ...current, round: current.round + 1 }))} loading={loading}>
            刷新
          </Button>
        }
      >
        <div data-testid="audit">
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            loading={loading}
            columns={auditColumns({ onActor })}
            dataSource={loaded.items}
            pagination={false}
            scroll={{ x: 960 }}
            expandable={{ expandedRowRender: (entry) => <EntryDetails entry={entry} /> }}
            locale={{ emptyText: '没有符合条件的记录' }}
          />
        </div>
        <Flex justify="flex-end" align="center" gap={12} style={{ marginBlockStart: 16 }}>
          <Typography.Text type="secondary">
            第 {view.page + 1} 页，每页 {PAGE_SIZE} 条，最新的在前
          </Typography.Text>
          <Button icon={<LeftOutlined />} disabled={view.page === 0 || loading} onClick={previous}>
            上一页
          </Button>
          <Button disabled={loaded.nextCursor === null || loading} onClick={next}>
            下一页 <RightOutlined />
          </Button>
        </Flex>
      </ProCard>
    </PageContainer>
  );
};

export default AuditPage;
