import { MobileOutlined } from '@ant-design/icons';
import { Form, Input } from 'antd';
import { SmsCodeInput, type SmsCodeSender } from './SmsCodeInput';
import { CODE_MESSAGE, CODE_PATTERN, digitsOnly, PHONE_MESSAGE, PHONE_PATTERN } from './smsCode';

type PhoneFieldProps = { label?: string; placeholder?: string; autoFocus?: boolean };

/** 表单里的手机号（字段名 phone）：只留数字，最多 11 位，须是大陆手机号。 */
export const PhoneField = ({ label = '手机号', placeholder = '11 位手机号', autoFocus = false }: PhoneFieldProps) => (
  <Form.Item
    label={label}
    name="phone"
    normalize={(value: string) => digitsOnly(value, 11)}
    rules={[
      { required: true, message: `请输入${label}` },
      { pattern: PHONE_PATTERN, message: PHONE_MESSAGE },
    ]}
  >
    <Input prefix={<MobileOutlined />} placeholder={placeholder} inputMode="numeric" autoComplete="tel" autoFocus={autoFocus} />
  </Form.Item>
);

/** 表单里的短信验证码（字段名 code），带“获取验证码”按钮；发送过后显示 sentHint。 */
export const CodeField = ({ sender, sentHint }: { sender: SmsCodeSender; sentHint: string }) => (
  <Form.Item
    label="验证码"
    name="code"
    rules={[
      { required: true, message: '请输入验证码' },
      { pattern: CODE_PATTERN, message: CODE_MESSAGE },
    ]}
    extra={sender.sentCount > 0 ? sentHint : undefined}
  >
    <SmsCodeInput sender={sender} />
  </Form.Item>
);
