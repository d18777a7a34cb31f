import { Button, Flex, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DateTime } from '../../../components/DateTime';
import { actionLabel, actorLabel, AUDIT_CHANNEL, AUDIT_RESULT, resultDetail, tenantLabel, type AuditEntry } from './audit';

const Small = ({ children, title }: { children: string; title?: string }) => (
  <Typography.Text type="secondary" ellipsis={{ tooltip: title ?? children }} style={{ fontSize: 12, maxWidth: '100%' }}>
    {children}
  </Typography.Text>
);

type ColumnOptions = {
  /** 点操作人：只看这个人的记录。 */
  onActor: (entry: AuditEntry) => void;
};

export const auditColumns = ({ onActor }: ColumnOptions): ColumnsType<AuditEntry> => [
  {
    title: '时间 / 渠道',
    dataIndex: 'at',
    width: 168,
    render: (_, entry) => (
      <Flex vertical align="flex-start" gap={2}>
        <DateTime value={entry.at} />
        <Tag color={AUDIT_CHANNEL[entry.channel].color} bordered={false} style={{ marginInlineEnd: 0 }}>
          {AUDIT_CHANNEL[entry.channel].label}
        </Tag>
      </Flex>
    ),
  },
  {
    title: '操作人 / 角色',
    dataIndex: 'actorId',
    width: 170,
    render: (_, entry) => {
      const tenant = tenantLabel(entry);
      const role = [entry.roleTitle ?? entry.role, tenant && tenant !== '平台' ? tenant : null].filter(Boolean).join(' · ');
      return (
        <Flex vertical align="flex-start" style={{ minWidth: 0, maxWidth: '100%' }}>
          {entry.actorId ? (
            <Tooltip title={`编号 ${entry.actorId}；点击只看此操作人的记录`}>
              <Button type="link" size="small" style={{ padding: 0, height: 'auto', maxWidth: '100%' }} onClick={() => onActor(entry)}>
                <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{actorLabel(entry)}</span>
              </Button>
            </Tooltip>
          ) : (
            <span>{actorLabel(entry)}</span>
          )}
          {role ? <Small>{role}</Small> : null}
        </Flex>
      );
    },
  },
  {
    title: '操作',
    dataIndex: 'action',
    width: 150,
    render: (_, entry) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text ellipsis={{ tooltip: actionLabel(entry.action) }}>{actionLabel(entry.action)}</Typography.Text>
        <Small>{entry.action}</Small>
      </Flex>
    ),
  },
  {
    title: '目标',
    dataIndex: 'target',
    // 不定宽：占用剩下的空间。
    render: (_, entry) => (
      <Typography.Text ellipsis={{ tooltip: entry.target }} style={{ maxWidth: '100%', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 }}>
        {entry.target}
      </Typography.Text>
    ),
  },
  {
    title: '结果',
    dataIndex: 'result',
    width: 150,
    render: (_, entry) => (
      <Flex vertical align="flex-start" style={{ minWidth: 0, maxWidth: '100%' }}>
        <Tooltip title={AUDIT_RESULT[entry.result].description}>
          <Tag color={AUDIT_RESULT[entry.result].color} bordered={false}>
            {AUDIT_RESULT[entry.result].label}
          </Tag>
        </Tooltip>
        {resultDetail(entry) ? <Small>{resultDetail(entry)}</Small> : null}
      </Flex>
    ),
  },
];
