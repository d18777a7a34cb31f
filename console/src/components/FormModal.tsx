import { ModalForm } from '@ant-design/pro-components';
import { Alert } from 'antd';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../app/request';

type FormModalProps<Values> = {
  title: ReactNode;
  open: boolean;
  width: number;
  /** 标签列的宽度（如 '72px'）：标签在输入框左边；不给时标签在上面。 */
  labelWidth?: string;
  /** 提交按钮的文字（如“新建”“保存”“添加”）；另一个按钮是“取消”。 */
  submitText: string;
  initialValues?: Partial<Values>;
  /** 表单下面的说明（蓝色提示），在失败原因之上。 */
  note?: ReactNode;
  onClose: () => void;
  /**
   * 提交表单。正常结束时对话框关闭；返回一段文字时不关闭，把它作为失败原因显示在表单下面；
   * 抛出的错误（如接口失败）也这样显示。
   */
  onSubmit: (values: Values) => Promise<string | void>;
  children: ReactNode;
};

/**
 * 对话框里的表单：点遮罩不关闭，失败原因显示在表单下面（改动任何一项后消失）。
 * 由使用的页面决定何时挂载：每次打开都换一个 key 重新挂载，表单就是新的。
 */
export const FormModal = <Values,>({
  title,
  open,
  width,
  labelWidth,
  submitText,
  initialValues,
  note,
  onClose,
  onSubmit,
  children,
}: FormModalProps<Values>) => {
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: Values): Promise<boolean> => {
    setFailure(null);
    try {
      const problem = await onSubmit(values);
      if (typeof problem === 'string') {
        setFailure(problem);
        return false;
      }
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<Values>
      title={title}
      open={open}
      width={width}
      layout={labelWidth ? 'horizontal' : 'vertical'}
      labelCol={labelWidth ? { flex: labelWidth } : undefined}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      initialValues={initialValues}
      submitter={{ searchConfig: { submitText, resetText: '取消' } }}
      onValuesChange={() => setFailure(null)}
      onFinish={submit}
    >
      {children}
      {note ? <Alert type="info" showIcon message={note} style={{ marginBottom: failure ? 16 : 0 }} /> : null}
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
    </ModalForm>
  );
};
