import type { ProColumns } from '@ant-design/pro-components';
import { Button, Flex, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { DateTime, formatDateTime } from '../../../components/DateTime';
import { DEVICE_STATUS, deviceTypeLabel, isOnline, tenantLabel, type Device } from './data';

type DeviceColumnOptions = {
  /** 正在处理的设备编号（按钮显示加载中）。 */
  busy: string | null;
  now: number;
  /** 能否更换密钥、停用和启用；不能（客服只读）时没有“操作”一栏。 */
  manageable: boolean;
  onRotate: (device: Device) => void;
  onDisable: (device: Device) => void;
  onEnable: (device: Device) => void;
};

const readColumns = (now: number): ProColumns<Device>[] => [
  {
    title: '名称',
    dataIndex: 'name',
    // 不定宽：占用剩下的空间。
    render: (_, device) => (
      <Flex vertical>
        <Typography.Text strong>{device.name}</Typography.Text>
        <Typography.Text type="secondary" copyable={{ text: device.id, tooltips: ['复制设备编号', '已复制'] }} style={{ fontSize: 12, fontFamily: 'monospace' }}>
          {device.id}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '类型',
    dataIndex: 'type',
    width: 110,
    render: (_, device) => deviceTypeLabel(device.type),
  },
  {
    title: '所属',
    dataIndex: 'tenantId',
    width: 190,
    ellipsis: true,
    render: (_, device) => tenantLabel(device),
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 150,
    render: (_, device) => (
      <Space size={4} wrap>
        <Tag color={DEVICE_STATUS[device.status].color} bordered={false}>
          {DEVICE_STATUS[device.status].label}
        </Tag>
        {device.previousKeyValidUntil ? (
          <Tooltip title={`更换密钥后，旧密钥在 ${formatDateTime(device.previousKeyValidUntil) ?? ''} 之前仍可使用`}>
            <Tag color="gold" bordered={false}>
              换钥中
            </Tag>
          </Tooltip>
        ) : null}
      </Space>
    ),
  },
  {
    title: '最后在线',
    dataIndex: 'lastSeenAt',
    width: 200,
    render: (_, device) =>
      device.lastSeenAt === null ? (
        <Typography.Text type="secondary">从未上线</Typography.Text>
      ) : (
        <Space size={6}>
          <DateTime value={device.lastSeenAt} />
          {isOnline(device.lastSeenAt, now) ? (
            <Tag color="success" bordered={false} style={{ marginInlineEnd: 0 }}>
              在线
            </Tag>
          ) : null}
        </Space>
      ),
  },
];

const actionColumn = ({ busy, onRotate, onDisable, onEnable }: Omit<DeviceColumnOptions, 'manageable' | 'now'>): ProColumns<Device> => ({
  title: '操作',
  valueType: 'option',
  width: 170,
  fixed: 'right',
  render: (_, device) => [
    <Popconfirm
      key="rotate"
      title="更换密钥"
      description={`为“${device.name}”生成新密钥？旧密钥在 10 分钟内仍可使用，之后失效。`}
      okText="更换"
      cancelText="取消"
      placement="topRight"
      onConfirm={() => onRotate(device)}
    >
      <Button type="link" size="small" loading={busy === `rotate:${device.id}`}>
        更换密钥
      </Button>
    </Popconfirm>,
    device.status === 'active' ? (
      <Popconfirm
        key="disable"
        title="停用设备"
        description={`停用后“${device.name}”的所有请求都会被拒绝，直到重新启用。确定停用？`}
        okText="停用"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        placement="topRight"
        onConfirm={() => onDisable(device)}
      >
        <Button type="link" size="small" danger loading={busy === `status:${device.id}`}>
          停用
        </Button>
      </Popconfirm>
    ) : (
      <Button key="enable" type="link" size="small" loading={busy === `status:${device.id}`} onClick={() => onEnable(device)}>
        启用
      </Button>
    ),
  ],
});

export const deviceColumns = ({ manageable, ...options }: DeviceColumnOptions): ProColumns<Device>[] =>
  manageable ? [...readColumns(options.now), actionColumn(options)] : readColumns(options.now);
