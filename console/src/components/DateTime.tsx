import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** 业务时区：界面上的时间一律按北京时间显示，与浏览器所在时区无关。 */
export const BUSINESS_TIMEZONE = 'Asia/Shanghai';

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** ISO 时间字符串 → 北京时间 `YYYY-MM-DD HH:mm:ss`；空值或无法解析时返回 null。 */
export const formatDateTime = (value: string | null | undefined): string | null => {
  if (!value) {
    return null;
  }
  const instant = dayjs(value);
  return instant.isValid() ? instant.tz(BUSINESS_TIMEZONE).format(DATE_TIME_FORMAT) : null;
};

type DateTimeProps = {
  value: string | null | undefined;
  /** 没有时间时显示的内容。 */
  empty?: string;
};

/** 按北京时间显示一个时刻。 */
export const DateTime = ({ value, empty = '—' }: DateTimeProps) => {
  const text = formatDateTime(value);
  if (text === null) {
    return <span style={{ color: 'rgba(0, 0, 0, 0.45)' }}>{empty}</span>;
  }
  return (
    <time dateTime={value ?? undefined} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {text}
    </time>
  );
};
