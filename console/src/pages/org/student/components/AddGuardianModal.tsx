import { ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../../app/request';
import { FormModal } from '../../../../components/FormModal';
import { normalizePhone, PHONE_MESSAGE, phoneRule } from '../../org';

type GuardianValues = { name: string; phone: string };

type AddGuardianModalProps = {
  open: boolean;
  student: { id: string; name: string };
  onClose: () => void;
  onDone: () => void;
};

/** 为学生添加家长：按手机号找到已有的人（如兄弟姐妹的家长），或新建；家长用短信验证码登录。 */
export const AddGuardianModal = ({ open, student, onClose, onDone }: AddGuardianModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: GuardianValues) => {
    const phone = normalizePhone(values.phone);
    if (phone === null) {
      return PHONE_MESSAGE;
    }
    const person = await unwrap(
      api.POST('/api/students/{id}/guardians', { params: { path: { id: student.id } }, body: { name: values.name.trim(), phone } }),
    );
    message.success(`已添加家长：${person.name}`);
    onDone();
  };

  return (
    <FormModal<GuardianValues>
      title={`添加家长：${student.name}`}
      open={open}
      width={480}
      labelWidth="72px"
      submitText="添加"
      onClose={onClose}
      onSubmit={submit}
    >
      <ProFormText
        name="name"
        label="姓名"
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入家长姓名' }]}
      />
      <ProFormText
        name="phone"
        label="手机号"
        placeholder="11 位手机号"
        fieldProps={{ maxLength: 20, inputMode: 'numeric', autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: PHONE_MESSAGE }, phoneRule]}
        extra="家长用这个手机号和短信验证码登录；同一个号码的家长只有一个账号，可以关联多个孩子"
      />
    </FormModal>
  );
};
