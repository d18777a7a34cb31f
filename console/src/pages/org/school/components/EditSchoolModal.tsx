import { ProFormRadio, ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../../app/request';
import { FormModal } from '../../../../components/FormModal';
import { ORG_STATUS, type OrgStatus, type School } from '../../org';

type EditSchoolValues = { name: string; district?: string; status: OrgStatus };

type EditSchoolModalProps = {
  open: boolean;
  school: School;
  onClose: () => void;
  onDone: (school: School) => void;
};

/** 修改学校的名称、区县和状态（运营商管理员、学校所属的代理商）。 */
export const EditSchoolModal = ({ open, school, onClose, onDone }: EditSchoolModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: EditSchoolValues) => {
    const district = values.district?.trim() ?? '';
    const updated = await unwrap(
      api.PATCH('/api/schools/{id}', {
        params: { path: { id: school.id } },
        body: { name: values.name.trim(), district: district === '' ? null : district, status: values.status },
      }),
    );
    message.success('已保存学校信息');
    onDone(updated);
  };

  return (
    <FormModal<EditSchoolValues>
      title="编辑学校"
      open={open}
      width={520}
      labelWidth="72px"
      submitText="保存"
      initialValues={{ name: school.name, district: school.district ?? '', status: school.status }}
      onClose={onClose}
      onSubmit={submit}
    >
      <ProFormText
        name="name"
        label="名称"
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入学校名称' }]}
      />
      <ProFormText name="district" label="区县" placeholder="选填" fieldProps={{ maxLength: 80, autoComplete: 'off' }} />
      <ProFormRadio.Group
        name="status"
        label="状态"
        options={(Object.keys(ORG_STATUS) as OrgStatus[]).map((value) => ({ value, label: ORG_STATUS[value].label }))}
      />
    </FormModal>
  );
};
