import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DEFAULT_TOKEN_DAYS, TOKEN_DURATIONS, TOKEN_NAME_MAX, type ApiToken } from '../account';

type TokenForm = { name: string; days: number };

type Props = {
  open: boolean;
  onClose: () => void;
  onCreated: (result: { token: string; item: ApiToken }) => void;
};

/** 创建 API 令牌：名称（用途）和有效期。 */
export const CreateTokenModal = ({ open, onClose, onCreated }: Props) => {
  const [form] = Form.useForm<TokenForm>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setFailure(null);
    }
  }, [open, form]);

  const submit = async (values: TokenForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      onCreated(await unwrap(api.POST('/api/auth/tokens', { body: { name: values.name.trim(), days: values.days } })));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="创建 API 令牌"
      open={open}
      okText="创建"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      width={520}
    >
      {failure ? <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 16 }} /> : null}
      <Form<TokenForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ days: DEFAULT_TOKEN_DAYS }}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setFailure(null)}
      >
        <Form.Item
          label="名称"
          name="name"
          extra="写明用途，方便以后辨认，例如“对账脚本”"
          rules={[
            { required: true, whitespace: true, message: '请输入令牌名称' },
            { max: TOKEN_NAME_MAX, message: `不超过 ${TOKEN_NAME_MAX} 个字` },
          ]}
        >
          <Input placeholder="令牌的用途" maxLength={TOKEN_NAME_MAX} showCount />
        </Form.Item>
        <Form.Item label="有效期" name="days" rules={[{ required: true, message: '请选择有效期' }]}>
          <Radio.Group optionType="button" options={TOKEN_DURATIONS.map((d) => ({ value: d.days, label: d.label }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
