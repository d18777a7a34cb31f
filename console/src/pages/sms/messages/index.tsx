import { SendOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { App, Button } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { beijingToIso, isSmsStatus, type MessageQuery, type SmsMessage, type SmsStatus } from '../sms';
import { messageColumns } from './columns';
import { SendSmsModal } from './components/SendSmsModal';

/** 查询表单的值：时间范围是北京时间的“墙上时间”。 */
type SearchValues = { to?: string; status?: SmsStatus; service?: string; from?: string; until?: string };

/** 对话框每次打开都重新挂载（round 变化），表单和请求编号都是新的。 */
type Dialog = { round: number; open: boolean };

/** 短信中心 › 短信查询：按号码、状态、业务、时间查短信；发送单条短信。 */
const MessagesPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const writable = access(user).canSmsWrite;
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const actionRef = useRef<ActionType>();
  const [dialog, setDialog] = useState<Dialog>({ round: 0, open: false });
  // 从其他页面带着号码或状态过来（如 /sms/messages?to=13800138000）。
  const [initial] = useState<SearchValues>(() => {
    const status = searchParams.get('status');
    return {
      to: searchParams.get('to') ?? undefined,
      status: isSmsStatus(status) ? status : undefined,
      service: searchParams.get('service') ?? undefined,
    };
  });

  return (
    <PageContainer content="平台发出的每一条短信及其状态。点击一行查看这条短信的全过程：排队、提交网关、网关接收、送达。时间为北京时间。">
      <div data-testid="messages">
        <ProTable<SmsMessage, SearchValues>
          rowKey="id"
          actionRef={actionRef}
          columns={messageColumns}
          form={{ initialValues: initial }}
          request={async ({ current = 1, pageSize = 20, to, status, service, from, until }) => {
            const query: MessageQuery = {
              to: to?.trim() || undefined,
              status,
              service: service || undefined,
              from: from ? beijingToIso(from) : undefined,
              until: until ? beijingToIso(until) : undefined,
              limit: pageSize,
              offset: (current - 1) * pageSize,
            };
            try {
              const result = await unwrap(api.GET('/api/sms/messages', { params: { query } }));
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 12, lg: 8, xl: 8, xxl: 6 } }}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 条短信` }}
          size="middle"
          scroll={{ x: 1060 }}
          onRow={(row) => ({
            onClick: () => navigate(`/sms/messages/${encodeURIComponent(row.id)}`),
            style: { cursor: 'pointer' },
          })}
          headerTitle="短信列表"
          toolBarRender={() => [
            writable ? (
              <Button
                key="send"
                type="primary"
                icon={<SendOutlined />}
                onClick={() => setDialog((current) => ({ round: current.round + 1, open: true }))}
              >
                发送短信
              </Button>
            ) : null,
          ]}
          locale={{ emptyText: '没有符合条件的短信' }}
        />
      </div>
      {writable && dialog.round > 0 ? (
        <SendSmsModal
          key={dialog.round}
          open={dialog.open}
          onClose={() => setDialog((current) => ({ ...current, open: false }))}
          onDone={() => void actionRef.current?.reload()}
        />
      ) : null}
    </PageContainer>
  );
};

export default MessagesPage;
