import { Alert, Empty, List, Skeleton, Space, Typography } from 'antd';
import { api, errorMessage, unwrap } from '../../app/request';
import { useApi } from '../../components/useApi';
import { dayLabel, hhmm, StatusTag } from '../school/attendance/status';

/** 家长网校 · 考勤：孩子最近两周每天的到校、离校时间，缺勤和请假（今天在最上面）。 */
const AttendanceSection = ({ studentId }: { studentId: string }) => {
  const days = useApi((signal) => unwrap(api.GET('/api/students/{id}/attendance', { signal, params: { path: { id: studentId }, query: { days: 14 } } })));
  if (days.error) {
    return <Alert type="error" showIcon message="无法获取考勤" description={errorMessage(days.error)} />;
  }
  if (!days.data) {
    return <Skeleton active />;
  }
  if (days.data.items.length === 0) {
    return <Empty description="最近两周还没有刷卡记录" />;
  }
  return (
    <List
      data-testid="portal-attendance"
      dataSource={days.data.items}
      renderItem={(d) => (
        <List.Item key={d.day} data-day={d.day} style={{ padding: '10px 0' }}>
          <div style={{ width: '100%' }}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong>{dayLabel(d.day)}</Typography.Text>
              <StatusTag status={d.status} />
            </Space>
            <div style={{ marginTop: 4, color: 'rgba(0,0,0,0.65)', fontVariantNumeric: 'tabular-nums' }}>
              {d.status === 'leave' ? (
                <span>请假：{d.leaveReason}</span>
              ) : d.status === 'absent' ? (
                <span>截止时间未到校，已短信通知家长</span>
              ) : d.status === 'pending' ? (
                <span>还没有到校记录</span>
              ) : (
                <span>
                  到校 {hhmm(d.arrivedAt)}
                  <span style={{ margin: '0 12px', color: 'rgba(0,0,0,0.25)' }}>|</span>
                  离校 {hhmm(d.leftAt)}
                </span>
              )}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
};

export default AttendanceSection;
