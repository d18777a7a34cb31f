import { Alert, Button, Descriptions, Modal, Typography } from 'antd';

type PasswordOnceModalProps = {
  shown: { name: string; login: string; password: string } | null;
  onClose: () => void;
};

/** 新账号的初始密码：只显示这一次，可以复制；关上后再也看不到。 */
export const PasswordOnceModal = ({ shown, onClose }: PasswordOnceModalProps) => (
  <Modal
    title="账号已创建"
    open={shown !== null}
    onCancel={onClose}
    maskClosable={false}
    width={520}
    footer={
      <Button type="primary" onClick={onClose}>
        我已记下，关闭
      </Button>
    }
  >
    {shown ? (
      <>
        <Alert
          type="warning"
          showIcon
          message="初始密码只显示这一次，请当面或电话告知本人，并提醒登录后修改。也可以用手机号和短信验证码登录。"
          style={{ marginBottom: 16 }}
        />
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 96 } }}
          items={[
            { key: 'name', label: '姓名', children: shown.name },
            { key: 'login', label: '账号', children: <Typography.Text copyable>{shown.login}</Typography.Text> },
            {
              key: 'password',
              label: '初始密码',
              children: (
                <Typography.Text code copyable={{ text: shown.password, tooltips: ['复制', '已复制'] }} data-testid="new-password">
                  {shown.password}
                </Typography.Text>
              ),
            },
          ]}
        />
      </>
    ) : null}
  </Modal>
);
