import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { DateTime } from '../../../components/DateTime';
import type { ApiToken } from '../account';

type Props = {
  created: { token: string; item: ApiToken } | null;
  onClose: () => void;
};

/** 刚创建的令牌：只显示这一次，可以复制；关上后再也看不到。 */
export const NewTokenModal = ({ created, onClose }: Props) => (
  <Modal
    title="令牌已创建"
    open={created !== null}
    onCancel={onClose}
    maskClosable={false}
    width={600}
    footer={
      <Button type="primary" onClick={onClose}>
        我已保存，关闭
      </Button>
    }
  >
    {created ? (
      <>
        <Alert type="warning" showIcon message="请立即复制并妥善保存。关闭此窗口后将无法再次查看这个令牌。" style={{ marginBottom: 16 }} />
        <Typography.Paragraph
          copyable={{ text: created.token, tooltips: ['复制', '已复制'] }}
          code
          data-testid="new-token"
          style={{ fontSize: 14, wordBreak: 'break-all' }}
        >
          {created.token}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'name', label: '名称', children: created.item.name },
            { key: 'expiresAt', label: '到期时间', children: <DateTime value={created.item.expiresAt} /> },
            {
              key: 'usage',
              label: '用法',
              children: <Typography.Text code>Authorization: Bearer {created.item.prefix}…</Typography.Text>,
            },
          ]}
        />
      </>
    ) : null}
  </Modal>
);
