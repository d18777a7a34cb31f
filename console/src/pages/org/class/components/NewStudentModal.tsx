import { ModalForm, ProFormText } from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
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
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: NewStudentValues): Promise<boolean> => {
    setFailure(null);
    try {
      const student = await unwrap(
        api.POST('/api/classes/{id}/students', {
          params: { path: { id: klass.id } },
          body: { studentNo: values.studentNo.trim(), name: values.name.trim() },
        }),
      );
      message.success(`已新建学生：${student.name}`);
      onDone(student);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<NewStudentValues>
      title={`新建学生：${klass.name}`}
      open={open}
      width={480}
      layout="horizontal"
      labelCol={{ flex: '72px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      submitter={{ searchConfig: { submitText: '新建', resetText: '取消' } }}
      onValuesChange={() => setFailure(null)}
      onFinish={submit}
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
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
    </ModalForm>
  );
};
