import { ProForm, ProFormText } from '@ant-design/pro-components';
import { CODE_MESSAGE, CODE_PATTERN } from '../org';
import { TenantSelect } from './TenantSelect';

type CodeAndNameProps = {
  /** 编码的示例，如 CG002。 */
  codeExample: string;
  /** 名称的示例，如 城关二店。 */
  nameExample: string;
  /** 名称没填时的提示。 */
  nameMessage?: string;
};

/** 新建代理商、网点、学校的前两项：全平台唯一的编码（保存为大写）和名称。 */
export const CodeAndNameFields = ({ codeExample, nameExample, nameMessage = '请输入名称' }: CodeAndNameProps) => (
  <>
    <ProFormText
      name="code"
      label="编码"
      placeholder={`例如 ${codeExample}`}
      fieldProps={{ maxLength: 32, autoComplete: 'off' }}
      rules={[{ required: true, whitespace: true, message: '请输入编码' }, { pattern: CODE_PATTERN, message: CODE_MESSAGE }]}
      extra="全平台唯一，保存为大写"
    />
    <ProFormText
      name="name"
      label="名称"
      placeholder={`例如 ${nameExample}`}
      fieldProps={{ maxLength: 40, autoComplete: 'off' }}
      rules={[{ required: true, whitespace: true, message: nameMessage }]}
    />
  </>
);

/** 表单里选所属代理商（字段 agencyId）；optional 时可以不选，并给出 extra 说明不选的后果。 */
export const AgencyField = ({ optional = false, extra }: { optional?: boolean; extra?: string }) => (
  <ProForm.Item name="agencyId" label="代理商" rules={optional ? [] : [{ required: true, message: '请选择代理商' }]} extra={extra}>
    <TenantSelect tenantType="agency" aria-label="代理商" />
  </ProForm.Item>
);
