import { Tag } from 'antd';
import dayjs from 'dayjs';
import { BUSINESS_TIMEZONE } from '../../../components/DateTime';

/** 考勤状态（与接口的 status 一一对应）。 */
export const STATUS: Record<string, { label: string; color: string }> = {
  present: { label: '到校', color: 'green' },
  late: { label: '迟到', color: 'orange' },
  absent: { label: '缺勤', color: 'red' },
  leave: { label: '请假', color: 'blue' },
  pending: { label: '未到', color: 'default' },
  no_school: { label: '非上课日', color: 'default' },
};

export const StatusTag = ({ status }: { status: string }) => {
  const s = STATUS[status] ?? { label: status, color: 'default' };
  return (
    <Tag color={s.color} bordered={false} data-status={status}>
      {s.label}
    </Tag>
  );
};

/** 刷卡结果（接口的 outcome）。 */
export const OUTCOME: Record<string, string> = {
  texted: '已发平安短信',
  late_arrival: '迟到，已发短信',
  repeat: '重复刷卡，未重复发',
  late_upload: '补传超时，未发短信',
  before_gate_open: '开门前刷卡，不算到校',
  unknown_card: '未登记的卡',
  no_subscriber: '家长未开通平安短信',
};

/** ISO 时刻 → 北京时间 HH:mm；空值为 —。 */
export const hhmm = (iso: string | null | undefined): string => (iso ? dayjs(iso).tz(BUSINESS_TIMEZONE).format('HH:mm') : '—');

/** 今天（北京时间）YYYY-MM-DD。 */
export const todayInBeijing = (): string => dayjs().tz(BUSINESS_TIMEZONE).format('YYYY-MM-DD');

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
/** 2026-09-01 → 9月1日 周二 */
export const dayLabel = (day: string): string => {
  const d = dayjs(day);
  return `${d.month() + 1}月${d.date()}日 周${WEEKDAYS[d.day()]}`;
};
