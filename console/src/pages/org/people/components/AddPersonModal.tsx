import { ProForm, ProFormText } from '@ant-design/pro-components';
import type { paths } from '../../../../api/schema';
import { api, unwrap } from '../../../../app/request';
import { FormModal } from '../../../../components/FormModal';
import { RolesEditor } from '../../components/RolesEditor';
import { grantsFromDrafts, normalizePhone, PHONE_MESSAGE, phoneRule, rolesRule, type GrantDraft } from '../../org';

export type AddPersonResult = paths['/api/users']['post']['responses'][200]['content']['application/json'];

type AddPersonValues = {
  name: string;
  phone: string;
  login?: string;
  roles: GrantDraft[];
};

type AddPersonModalProps = {
  open: boolean;
  onClose: () => void;
  onDone: (result: AddPersonResult) => void;
};

/** 添加人员：姓名、手机号和角色。手机号已有账号时不新建，而是为此人增加这些角色。 */
export const AddPersonModal = ({ open, onClose, onDone }: AddPersonModalProps) => {
  const submit = async (values: AddPersonValues) => {
    const phone = normalizePhone(values.phone);
    const { grants, problem } = grantsFromDrafts(values.roles ?? []);
    if (phone === null || problem) {
      return problem ?? PHONE_MESSAGE;
    }
    const login = values.login?.trim();
    const result = await unwrap(api.POST('/api/users', { body: { name: values.name.trim(), phone, ...(login ? { login } : {}), roles: grants } }));
    onDone(result);
  };

  return (
    <FormModal<AddPersonValues>
      title="添加人员"
      open={open}
      width={640}
      labelWidth="84px"
      submitText="添加"
      initialValues={{ roles: [{}] }}
      onClose={onClose}
      onSubmit={submit}
    >
      <ProFormText
        name="name"
        label="姓名"
        placeholder="真实姓名"
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
      />
      <ProFormText
        name="phone"
        label="手机号"
        placeholder="11 位手机号，可用短信验证码登录"
        fieldProps={{ maxLength: 20, inputMode: 'numeric', autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: PHONE_MESSAGE }, phoneRule]}
        extra="这个手机号已有账号时，不新建账号，只为此人增加下面的角色"
      />
      <ProFormText
        name="login"
        label="账号"
        placeholder="选填，不填则用手机号作账号"
        fieldProps={{ maxLength: 32, autoComplete: 'off' }}
        rules={[{ min: 3, message: '账号至少 3 个字符' }]}
      />
      <ProForm.Item name="roles" label="角色" required rules={[rolesRule]}>
        <RolesEditor />
      </ProForm.Item>
    </FormModal>
  );
};
