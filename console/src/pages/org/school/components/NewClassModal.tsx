import { ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../../app/request';
import { FormModal } from '../../../../components/FormModal';
import { GRADE_OPTIONS, type SchoolClass } from '../../org';

type NewClassValues = { grade: number; name: string };

type NewClassModalProps = {
  open: boolean;
  school: { id: string; name: string };
  onClose: () => void;
  onDone: (klass: SchoolClass) => void;
};

/** 新建班级：年级和班级名称（同校不能重名）。 */
export const NewClassModal = ({ open, school, onClose, onDone }: NewClassModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: NewClassValues) => {
    const klass = await unwrap(
      api.POST('/api/schools/{id}/classes', { params: { path: { id: school.id } }, body: { grade: values.grade, name: values.name.trim() } }),
    );
    message.success(`已新建班级：${klass.name}`);
    onDone(klass);
  };

  return (
    <FormModal<NewClassValues>
      title={`新建班级：${school.name}`}
      open={open}
      width={480}
      labelWidth="72px"
      submitText="新建"
      onClose={onClose}
      onSubmit={submit}
    >
      <ProFormSelect name="grade" label="年级" options={GRADE_OPTIONS} rules={[{ required: true, message: '请选择年级' }]} />
      <ProFormText
        name="name"
        label="班级名称"
        placeholder="例如 三年级(3)班"
        fieldProps={{ maxLength: 20, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入班级名称' }]}
      />
    </FormModal>
  );
};
