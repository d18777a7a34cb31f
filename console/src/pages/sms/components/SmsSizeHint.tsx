import { Typography } from 'antd';
import { smsSize } from '../sms';

type SmsSizeHintProps = {
  text: string | undefined;
  /** 平台的短信签名；还没取到时按不带签名计算。 */
  signature: string | undefined;
};

/** 短信内容下面的条数提示：含签名共多少字、按几条计费、这几条里还能再写多少字。 */
export const SmsSizeHint = ({ text, signature }: SmsSizeHintProps) => {
  const size = smsSize(text ?? '', signature ?? '');
  const name = signature?.replace(/^【|】$/g, '');
  if (size.parts === 0) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {name ? `发送时自动在开头加上签名【${name}】；` : ''}含签名 70 字以内为 1 条，超过后每条 67 字
      </Typography.Text>
    );
  }
  const unit = size.encoding === 'ascii' ? '个字符' : '字';
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="sms-size">
      共 {size.units} {unit}
      {name ? `（含签名【${name}】）` : ''}，按{' '}
      <Typography.Text strong type={size.parts > 1 ? 'warning' : undefined} style={{ fontSize: 12 }}>
        {size.parts} 条
      </Typography.Text>{' '}
      计费{size.parts > 1 ? `（超过 1 条时每条 ${size.perPart} ${unit}）` : ''}，还可再写 {size.remaining} {unit}
    </Typography.Text>
  );
};
