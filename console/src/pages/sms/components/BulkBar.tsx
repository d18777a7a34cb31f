import { Flex, Tooltip, Typography } from 'antd';
import { bulkProgress, type BulkSummary } from '../sms';

/** 群发结果的颜色：与状态标签一致。 */
export const BULK_COLORS = {
  delivered: '#52c41a',
  failed: '#ff4d4f',
  blocked: '#eb2f96',
  pending: '#91caff',
} as const;

const SEGMENTS = [
  { key: 'delivered', label: '已送达' },
  { key: 'failed', label: '失败' },
  { key: 'blocked', label: '已拦截' },
  { key: 'pending', label: '处理中' },
] as const;

type BulkBarProps = {
  summary: BulkSummary;
  /** 条形下面显示各部分的人数。 */
  showCounts?: boolean;
  height?: number;
};

/** 群发进度条：已送达（绿）、失败（红）、已拦截（粉）、处理中（浅蓝）按收信人数分段。 */
export const BulkBar = ({ summary, showCounts = false, height = 8 }: BulkBarProps) => {
  const progress = bulkProgress(summary);
  const title = SEGMENTS.map((segment) => `${segment.label} ${summary[segment.key]}`).join('，');
  return (
    <Flex vertical gap={4} style={{ width: '100%' }}>
      <Tooltip title={`共 ${summary.recipients} 个号码：${title}`}>
        <div
          role="img"
          aria-label={`共 ${summary.recipients} 个号码：${title}`}
          style={{ display: 'flex', height, borderRadius: height / 2, overflow: 'hidden', background: '#f0f0f0' }}
        >
          {SEGMENTS.map((segment) =>
            progress[segment.key] > 0 ? (
              <div key={segment.key} style={{ width: `${progress[segment.key]}%`, background: BULK_COLORS[segment.key] }} />
            ) : null,
          )}
        </div>
      </Tooltip>
      {showCounts ? (
        <Flex gap={10} wrap style={{ fontSize: 12 }}>
          {SEGMENTS.map((segment) => (
            <Typography.Text key={segment.key} type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              <span
                style={{
                  display: 'inline-block',
                  width: 8,
                  height: 8,
                  borderRadius: 2,
                  marginInlineEnd: 4,
                  background: BULK_COLORS[segment.key],
                }}
              />
              {segment.label} {summary[segment.key]}
            </Typography.Text>
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
};
