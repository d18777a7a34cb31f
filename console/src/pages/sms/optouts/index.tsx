import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Flex, Input, Popconfirm, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useSmsServices } from '../components/hooks';
import { ALL_SERVICES, optoutSourceLabel, type Optout } from '../sms';
import { AddOptoutModal } from './components/AddOptoutModal';

const optoutKey = (optout: Optout) => `${optout.msisdn}:${optout.service}`;

type OptoutColumnOptions = {
  removing: string | null;
  /** 移出名单；不给（只读用户）时没有“操作”一栏。 */
  onRemove?: (optout: Optout) => void;
};

const readColumns: ProColumns<Optout>[] = [
  {
    title: '号码',
    dataIndex: 'msisdn',
    width: 140,
    render: (_, optout) => (
      <Link to={`/sms/messages?to=${encodeURIComponent(optout.msisdn)}`} title="查看发给这个号码的短信" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {optout.msisdn}
      </Link>
    ),
  },
  {
    title: '退订业务',
    dataIndex: 'service',
    width: 180,
    render: (_, optout) =>
      optout.service === ALL_SERVICES ? (
        <Tag color="red" bordered={false}>
          全部短信
        </Tag>
      ) : (
        <Flex vertical>
          <span>{optout.serviceTitle}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {optout.service}
          </Typography.Text>
        </Flex>
      ),
  },
  {
    title: '来源',
    dataIndex: 'source',
    width: 120,
    render: (_, optout) => optoutSourceLabel(optout.source),
  },
  {
    title: '备注',
    dataIndex: 'note',
    // 不定宽：占用剩下的空间。
    render: (_, optout) =>
      optout.note ? (
        <Typography.Text ellipsis={{ tooltip: optout.note }} style={{ maxWidth: '100%' }}>
          {optout.note}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
  {
    title: '退订时间',
    dataIndex: 'createdAt',
    width: 164,
    render: (_, optout) => <DateTime value={optout.createdAt} />,
  },
];

const removeColumn = (removing: string | null, onRemove: (optout: Optout) => void): ProColumns<Optout> => ({
  title: '操作',
  valueType: 'option',
  width: 96,
  fixed: 'right',
  render: (_, optout) => (
    <Popconfirm
      title="恢复接收"
      description={`${optout.msisdn} 将重新收到${optout.service === ALL_SERVICES ? '平台的全部短信' : `「${optout.serviceTitle}」的短信`}，确定移出退订名单？`}
      okText="移出"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      placement="topRight"
      onConfirm={() => onRemove(optout)}
    >
      <Button type="link" size="small" danger loading={removing === optoutKey(optout)}>
        移出名单
      </Button>
    </Popconfirm>
  ),
});

const optoutColumns = ({ removing, onRemove }: OptoutColumnOptions): ProColumns<Optout>[] => [
  ...readColumns,
  ...(onRemove ? [removeColumn(removing, onRemove)] : []),
];

type Dialog = { round: number; open: boolean };

/** 短信中心 › 退订名单：退订了某项业务或全部短信的号码；加入、移出（恢复接收）。 */
const OptoutsPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const writable = access(user).canSmsWrite;
  const actionRef = useRef<ActionType>();
  const [searchParams, setSearchParams] = useSearchParams();
  const msisdn = searchParams.get('msisdn')?.trim() ?? '';
  const services = useSmsServices();
  const [dialog, setDialog] = useState<Dialog>({ round: 0, open: false });
  const [removing, setRemoving] = useState<string | null>(null);

  const remove = async (optout: Optout) => {
    setRemoving(optoutKey(optout));
    try {
      const result = await unwrap(api.POST('/api/sms/optouts/remove', { body: { msisdn: optout.msisdn, service: optout.service } }));
      if (result.removed) {
        message.success(`已移出退订名单：${optout.msisdn}`);
      } else {
        message.info('该号码已不在退订名单里');
      }
      await actionRef.current?.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setRemoving(null);
    }
  };

  return (
    <PageContainer content="这些号码不会收到对应业务的通知、服务和营销短信（验证码和对用户短信的回复除外）。用户发送 TD 等退订指令时自动加入。">
      <div data-testid="optouts">
        <ProTable<Optout, { msisdn: string }>
          rowKey={optoutKey}
          actionRef={actionRef}
          columns={optoutColumns({ removing, onRemove: writable ? (optout) => void remove(optout) : undefined })}
          params={{ msisdn }}
          request={async ({ msisdn: number, current = 1, pageSize = 20 }) => {
            try {
              const result = await unwrap(
                api.GET('/api/sms/optouts', {
                  params: { query: { msisdn: number || undefined, limit: pageSize, offset: (current - 1) * pageSize } },
                }),
              );
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          headerTitle={
            <Input.Search
              aria-label="按号码查询退订"
              allowClear
              placeholder="手机号码"
              style={{ width: 240 }}
              defaultValue={msisdn}
              onSearch={(value) => setSearchParams(value.trim() ? { msisdn: value.trim() } : {}, { replace: true })}
            />
          }
          toolBarRender={() => [
            writable ? (
              <Button
                key="add"
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog((current) => ({ round: current.round + 1, open: true }))}
              >
                加入退订名单
              </Button>
            ) : null,
          ]}
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 条` }}
          size="middle"
          scroll={{ x: 900 }}
          locale={{ emptyText: msisdn ? `${msisdn} 不在退订名单里` : '退订名单是空的' }}
        />
      </div>
      {writable && dialog.round > 0 ? (
        <AddOptoutModal
          key={dialog.round}
          open={dialog.open}
          services={services.data ?? []}
          servicesLoading={services.loading}
          onClose={() => setDialog((current) => ({ ...current, open: false }))}
          onDone={() => void actionRef.current?.reload()}
        />
      ) : null}
    </PageContainer>
  );
};

export default OptoutsPage;
