import { ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../app/request';
import { FormModal } from '../../../components/FormModal';
import type { School } from '../org';
import { AgencyField, CodeAndNameFields } from './fields';

type NewSchoolValues = { agencyId?: string; code: string; name: string; district?: string };

type NewSchoolModalProps = {
  open: boolean;
  /** 在代理商页里新建时固定为这个代理商；不给时在表单里选。 */
  agency?: { id: string; name: string };
  /** 可以不选代理商（平台直属的学校，只有运营商管理员可以）。 */
  agencyOptional: boolean;
  onClose: () => void;
  onDone: (school: School) => void;
};

/** 新建学校：属于一个代理商（运营商管理员也可以新建平台直属的学校）。 */
export const NewSchoolModal = ({ open, agency, agencyOptional, onClose, onDone }: NewSchoolModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: NewSchoolValues) => {
    const agencyId = agency?.id ?? values.agencyId;
    const district = values.district?.trim();
    const school = await unwrap(
      api.POST('/api/schools', {
        body: { ...(agencyId ? { agencyId } : {}), code: values.code.trim(), name: values.name.trim(), ...(district ? { district } : {}) },
      }),
    );
    message.success(`已新建学校：${school.name}`);
    onDone(school);
  };

  return (
    <FormModal<NewSchoolValues>
      title={agency ? `新建学校：${agency.name}` : '新建学校'}
      open={open}
      width={560}
      labelWidth="84px"
      submitText="新建"
      onClose={onClose}
      onSubmit={submit}
    >
      {agency ? null : <AgencyField optional={agencyOptional} extra={agencyOptional ? '不选则为平台直属的学校' : undefined} />}
      <CodeAndNameFields codeExample="YG002" nameExample="阳光小学" nameMessage="请输入学校名称" />
      <ProFormText name="district" label="区县" placeholder="选填，例如 城关区" fieldProps={{ maxLength: 80, autoComplete: 'off' }} />
    </FormModal>
  );
};
