import type { ProColumns } from '@ant-design/pro-components';
import { Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { DateTime } from '../../../components/DateTime';
import { SmsStatusTag } from '../components/SmsStatusTag';
import { loadSmsServices } from '../components/hooks';
import { ServiceName } from '../components/ServiceName';
import { carrierLabel, SMS_CLASS, SMS_STATUS, SMS_STATUSES, type SmsMessage } from '../sms';

const detailPath = (message: SmsMessage) => `/sms/messages/${encodeURIComponent(message.id)}`;

/** 号码（链接到详情），下面一行小字是运营商。 */
export const NumberCell = ({ message }: { message: SmsMessage }) => (
  <Flex vertical>
    <Link to={detailPath(message)} onClick={(event) => event.stopPropagation()} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {message.to}
    </Link>
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {carrierLabel(message.carrier)}
    </Typography.Text>
  </Flex>
);

/** 短信内容（过长省略，悬停看全文），多于 1 条时标出条数。 */
export const TextCell = ({ message }: { message: SmsMessage }) => (
  <Flex gap={6} align="center" style={{ minWidth: 0 }}>
    <Typography.Text ellipsis={{ tooltip: message.text }} style={{ flex: 1, minWidth: 0 }}>
      {message.text}
    </Typography.Text>
    {message.parts > 1 ? (
      <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
        {message.parts} 条
      </Tag>
    ) : null}
  </Flex>
);

/** 状态标签，拦截或顺延时下面一行小字说明原因。 */
export const StatusCell = ({ message }: { message: SmsMessage }) => (
  <Flex vertical align="flex-start" style={{ minWidth: 0, maxWidth: '100%' }}>
    <SmsStatusTag status={message.status} />
    {message.reason ? (
      <Typography.Text type="secondary" ellipsis={{ tooltip: message.reason }} style={{ fontSize: 12, maxWidth: '100%' }}>
        {message.reason}
      </Typography.Text>
    ) : null}
  </Flex>
);

export const STATUS_OPTIONS = SMS_STATUSES.map((status) => ({ value: status, label: SMS_STATUS[status].label }));

export const messageColumns: ProColumns<SmsMessage>[] = [
  {
    title: '受理时间',
    dataIndex: 'createdAt',
    width: 164,
    hideInSearch: true,
    render: (_, message) => <DateTime value={message.createdAt} />,
  },
  {
    title: '号码',
    dataIndex: 'to',
    width: 128,
    fieldProps: { placeholder: '完整的 11 位号码', allowClear: true, autoComplete: 'off', maxLength: 20 },
    render: (_, message) => <NumberCell message={message} />,
  },
  {
    title: '内容',
    dataIndex: 'text',
    // 不定宽：占用剩下的空间。
    hideInSearch: true,
    render: (_, message) => <TextCell message={message} />,
  },
  {
    title: '业务',
    dataIndex: 'service',
    width: 120,
    valueType: 'select',
    fieldProps: { placeholder: '全部业务' },
    // 列定义保持不变（查询表单由列生成，换列会让 ProTable 多查一次），业务选项由 ProTable 自己取。
    request: async () => (await loadSmsServices()).map((service) => ({ value: service.code, label: service.title })),
    render: (_, message) => (
      <Flex vertical>
        <ServiceName code={message.service} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {SMS_CLASS[message.class].label}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 150,
    valueType: 'select',
    fieldProps: { placeholder: '全部状态', options: STATUS_OPTIONS },
    render: (_, message) => <StatusCell message={message} />,
  },
  {
    title: '完成时间',
    dataIndex: 'doneAt',
    width: 164,
    hideInSearch: true,
    render: (_, message) => <DateTime value={message.doneAt} empty="—" />,
  },
  {
    title: '受理时间',
    key: 'range',
    dataIndex: 'range',
    valueType: 'dateTimeRange',
    hideInTable: true,
    colSize: 2,
    fieldProps: { placeholder: ['开始时间', '结束时间'] },
    search: {
      transform: (value: [string, string]) => ({ from: value[0], until: value[1] }),
    },
  },
  {
    title: '操作',
    valueType: 'option',
    width: 64,
    fixed: 'right',
    render: (_, message) => (
      <Link to={detailPath(message)} onClick={(event) => event.stopPropagation()}>
        详情
      </Link>
    ),
  },
];
