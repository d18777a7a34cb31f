/**
 * 短信验证码输入框和“获取验证码”按钮，登录页和找回密码页共用。
 *
 * - useSmsCode：先校验表单里的手机号，再请求 /api/auth/sms-code（或调用方给的 request，如更换手机号），成功后按服务端给的
 *   间隔（60 秒）倒计时；服务端说“过于频繁”时按它给的等待时间倒计时，并把原因交给页面显示；
 * - SmsCodeInput：放在 Form.Item 里（接收 Form.Item 注入的 id、value、onChange），只能输入 6 位数字。
 */
import { SafetyOutlined } from '@ant-design/icons';
import { Button, Input, Space, type FormInstance, type InputRef } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage, unwrap } from '../app/request';
import { digitsOnly, retryAfterSeconds, secondsUntil, sendButtonLabel } from './smsCode';

export type SmsCodePurpose = 'login' | 'reset';

export type SmsCodeSender = {
  /** 还要等几秒才能再次获取；0 表示现在可以获取。 */
  secondsLeft: number;
  /** 正在请求服务端。 */
  sending: boolean;
  /** 成功获取过几次（页面据此显示“已发送”的提示，输入框据此获得焦点）。 */
  sentCount: number;
  /** 按钮上的文字。 */
  label: string;
  /** 校验手机号并获取验证码；失败原因交给 onError，不抛出。 */
  send: () => Promise<void>;
};

type UseSmsCodeOptions = (
  | { purpose: SmsCodePurpose; request?: undefined }
  /** 自己获取验证码（如“我的账户”更换手机号走 /api/auth/phone/code），不走 /api/auth/sms-code。 */
  | { purpose?: undefined; request: (phone: string) => Promise<{ resendAfterSeconds: number }> }
) & {
  /** 手机号所在的表单。 */
  form: FormInstance;
  /** 手机号字段名，默认 phone。 */
  phoneField?: string;
  /** 获取失败时（号码不对、过于频繁、网络异常）给用户看的中文原因；开始获取时以 null 清除上一次的原因。 */
  onError: (message: string | null) => void;
};

export const useSmsCode = ({ purpose, request, form, phoneField = 'phone', onError }: UseSmsCodeOptions): SmsCodeSender => {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [sending, setSending] = useState(false);
  const [sentCount, setSentCount] = useState(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const requestRef = useRef(request);
  requestRef.current = request;

  const secondsLeft = secondsUntil(until, now);
  const busy = sending || secondsLeft > 0;

  useEffect(() => {
    if (until === null) {
      return undefined;
    }
    // 半秒刷新一次：按钮上的秒数按真实时间走，标签页在后台被降频后回来也不会慢。
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) {
        window.clearInterval(timer);
      }
    }, 500);
    return () => window.clearInterval(timer);
  }, [until]);

  const waitFor = (seconds: number) => {
    const current = Date.now();
    setNow(current);
    setUntil(current + seconds * 1000);
  };

  const send = useCallback(async () => {
    if (busy) {
      return;
    }
    try {
      await form.validateFields([phoneField]);
    } catch {
      return; // 号码不对：表单已在手机号下面提示
    }
    const phone: unknown = form.getFieldValue(phoneField);
    if (typeof phone !== 'string') {
      return;
    }
    setSending(true);
    onErrorRef.current(null);
    try {
      const result = requestRef.current
        ? await requestRef.current(phone)
        : await unwrap(api.POST('/api/auth/sms-code', { body: { phone, purpose: purpose ?? 'login' } }));
      waitFor(result.resendAfterSeconds);
      setSentCount((count) => count + 1);
    } catch (error) {
      const retryAfter = retryAfterSeconds(error);
      if (retryAfter !== null) {
        waitFor(retryAfter);
      }
      onErrorRef.current(errorMessage(error));
    } finally {
      setSending(false);
    }
  }, [busy, form, phoneField, purpose]);

  return { secondsLeft, sending, sentCount, label: sending ? '发送中…' : sendButtonLabel(secondsLeft, sentCount > 0), send };
};

type SmsCodeInputProps = {
  sender: SmsCodeSender;
  /** 以下由 Form.Item 注入。 */
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  'aria-required'?: 'true';
};

export const SmsCodeInput = ({ sender, id, value, onChange, ...aria }: SmsCodeInputProps) => {
  const inputRef = useRef<InputRef>(null);

  // 验证码发出后把光标放到输入框，收到短信直接输入。
  useEffect(() => {
    if (sender.sentCount > 0) {
      inputRef.current?.focus();
    }
  }, [sender.sentCount]);

  return (
    <Space.Compact block>
      <Input
        {...aria}
        ref={inputRef}
        id={id}
        value={value}
        onChange={(event) => onChange?.(digitsOnly(event.target.value, 6))}
        prefix={<SafetyOutlined />}
        placeholder="6 位数字"
        maxLength={6}
        inputMode="numeric"
        autoComplete="one-time-code"
      />
      {/* 不用 Button 的 loading：加载图标的退场动画会和紧接着的禁用、倒计时叠在一起，按钮上留一个看不见的“loading”。 */}
      <Button
        onClick={() => void sender.send()}
        disabled={sender.sending || sender.secondsLeft > 0}
        style={{ width: 128, flex: 'none' }}
      >
        {sender.label}
      </Button>
    </Space.Compact>
  );
};
