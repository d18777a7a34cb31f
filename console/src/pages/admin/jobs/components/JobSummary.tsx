import { Card, Col, Row, Statistic } from 'antd';
import { JOB_STATUS, JOB_STATUSES, type JobCounts, type JobStatus } from '../data';

const VALUE_COLORS: Record<JobStatus, string | undefined> = {
  queued: undefined,
  running: '#1d5fd1',
  done: '#389e0d',
  failed: '#cf1322',
};

type JobSummaryProps = {
  counts: JobCounts | undefined;
  active: JobStatus | 'all';
  onSelect: (status: JobStatus | 'all') => void;
};

/** 各状态的任务数；点击一项即按该状态筛选，再点一次取消筛选。 */
export const JobSummary = ({ counts, active, onSelect }: JobSummaryProps) => (
  <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
    {JOB_STATUSES.map((status) => {
      const selected = active === status;
      return (
        <Col xs={12} md={6} key={status}>
          <Card
            size="small"
            hoverable
            role="button"
            aria-pressed={selected}
            onClick={() => onSelect(selected ? 'all' : status)}
            style={selected ? { borderColor: '#1d5fd1', boxShadow: '0 0 0 1px #1d5fd1 inset' } : undefined}
          >
            <Statistic
              title={JOB_STATUS[status].label}
              value={counts ? counts[status] : '—'}
              valueStyle={{ color: counts && counts[status] > 0 ? VALUE_COLORS[status] : undefined }}
            />
          </Card>
        </Col>
      );
    })}
  </Row>
);
