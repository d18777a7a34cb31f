import { ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../../app/request';
import { FormModal } from '../../../../components/FormModal';
import { STUDENT_NO_MESSAGE, STUDENT_NO_PATTERN, type Student } from '../../org';

type NewStudentValues = { studentNo: string; name: string };

type NewStudentModalProps = {
  open: boolean;
  klass: { id: string; name: string };
  onClose: () => void;
  onDone: (student: Student) => void;
};

/** 在班级中新建学生：学籍号（本校唯一）和姓名。家长在学生页添加。 */
export const NewStudentModal = ({ open, klass, onClose, onDone }: NewStudentModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: NewStudentValues) => {
    const student = await unwrap(
      api.POST('/api/classes/{id}/students', {
        params: { path: { id: klass.id } },
        body: { studentNo: values.studentNo.trim(), name: values.name.trim() },
      }),
    );
    message.success(`已新建学生：${student.name}`);
    onDone(student);
  };

  return (
    <FormModal<NewStudentValues>
      title={`新建学生：${klass.name}`}
      open={open}
      width={480}
      labelWidth="72px"
      submitText="新建"
      onClose={onClose}
      onSubmit={submit}
    >
      <ProFormText
        name="studentNo"
        label="学籍号"
        placeholder="例如 G3003"
        fieldProps={{ maxLength: 32, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入学籍号' }, { pattern: STUDENT_NO_PATTERN, message: STUDENT_NO_MESSAGE }]}
        extra="本校唯一，保存为大写"
      />
      <ProFormText
        name="name"
        label="姓名"
        fieldProps={{ maxLength: 20, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入学生姓名' }]}
      />
    </FormModal>
  );
};
