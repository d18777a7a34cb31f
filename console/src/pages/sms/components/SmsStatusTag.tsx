import { Tag, Tooltip } from 'antd';
import { isSmsStatus, SMS_STATUS, smsStatusLook } from '../sms';

/** 短信（或分段）状态的彩色标签，悬停显示这个状态的含义。 */
export const SmsStatusTag = ({ status }: { status: string }) => {
  const look = smsStatusLook(status);
  return (
    <Tooltip title={isSmsStatus(status) ? SMS_STATUS[status].description : undefined}>
      <Tag color={look.color} bordered={false} style={{ marginInlineEnd: 0 }}>
        {look.label}
      </Tag>
    </Tooltip>
  );
};
