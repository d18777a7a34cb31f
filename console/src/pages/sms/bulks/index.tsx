import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Flex, Tag, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { BulkBar } from '../components/BulkBar';
import { ServiceName } from '../components/ServiceName';
import { SMS_CLASS, type BulkListItem } from '../sms';
import { NewBulkModal } from './components/NewBulkModal';

/** 有号码还在处理中时，每 3 秒刷新列表。 */
const REFRESH_MS = 3000;

const bulkPath = (item: BulkListItem) => `/sms/bulks/${encodeURIComponent(item.bulk.id)}`;

const bulkColumns: ProColumns<BulkListItem>[] = [
  {
    title: '创建时间',
    dataIndex: ['bulk', 'createdAt'],
    width: 164,
    render: (_, item) => <DateTime value={item.bulk.createdAt} />,
  },
  {
    title: '内容',
    dataIndex: ['bulk', 'text'],
    // 不定宽：占用剩下的空间。
    render: (_, item) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <Link to={bulkPath(item)} onClick={(event) => event.stopPropagation()} style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: item.bulk.text }} style={{ color: 'inherit', maxWidth: '100%' }}>
            {item.bulk.text}
          </Typography.Text>
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <ServiceName code={item.bulk.service} /> · {SMS_CLASS[item.bulk.class].label}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '收信人',
    dataIndex: ['summary', 'recipients'],
    width: 80,
    align: 'right',
    render: (_, item) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{item.summary.recipients}</span>,
  },
  {
    title: '进度',
    key: 'progress',
    width: 300,
    render: (_, item) => <BulkBar summary={item.summary} showCounts />,
  },
  {
    title: '状态',
    key: 'state',
    width: 88,
    render: (_, item) =>
      item.summary.pending > 0 ? (
        <Tag color="processing" bordered={false}>
          进行中
        </Tag>
      ) : (
        <Tag color="success" bordered={false}>
          已完成
        </Tag>
      ),
  },
  {
    title: '操作',
    valueType: 'option',
    width: 80,
    fixed: 'right',
    render: (_, item) => (
      <Link to={bulkPath(item)} onClick={(event) => event.stopPropagation()}>
        查看报告
      </Link>
    ),
  },
];

type Dialog = { round: number; open: boolean };

/** 短信中心 › 群发：最近的群发及其送达情况；新建群发。 */
const BulksPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const writable = access(user).canSmsWrite;
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>({ round: 0, open: false });
  // 同一个函数引用：ProTable 在 polling 变化时会清掉已排好的下一次刷新。
  const pendingRef = useRef(false);
  const polling = useCallback(() => (pendingRef.current ? REFRESH_MS : 0), []);

  return (
    <PageContainer content="一次发给多个号码，每个号码单独发送、单独记录状态。点击一行查看群发报告：送达、失败、处理中，并可重发失败的号码。">
      <div data-testid="bulks">
        <ProTable<BulkListItem>
          rowKey={(item) => item.bulk.id}
          columns={bulkColumns}
          request={async () => {
            try {
              const result = await unwrap(api.GET('/api/sms/bulks'));
              pendingRef.current = result.items.some((item) => item.summary.pending > 0);
              return { data: result.items, total: result.items.length, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          polling={polling}
          headerTitle="最近 50 次群发"
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 980 }}
          onRow={(item) => ({ onClick: () => navigate(bulkPath(item)), style: { cursor: 'pointer' } })}
          toolBarRender={() => [
            writable ? (
              <Button
                key="new"
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog((current) => ({ round: current.round + 1, open: true }))}
              >
                新建群发
              </Button>
            ) : null,
          ]}
          locale={{ emptyText: writable ? '还没有群发，点击“新建群发”发第一次' : '还没有群发' }}
        />
      </div>
      {writable && dialog.round > 0 ? (
        <NewBulkModal
          key={dialog.round}
          open={dialog.open}
          onClose={() => setDialog((current) => ({ ...current, open: false }))}
          onDone={(bulk) => navigate(`/sms/bulks/${encodeURIComponent(bulk.id)}`)}
        />
      ) : null}
    </PageContainer>
  );
};

export default BulksPage;
