import { CheckOutlined, CopyOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../../components/DateTime';
import { deviceTypeLabel, tenantLabel, type Device } from '../data';

/** 复制到剪贴板：优先用 Clipboard API（需要 https 或本机地址），否则退回到选中文本复制。 */
const copyText = async (text: string): Promise<boolean> => {
  try {
    if (window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // 浏览器拒绝时退回到下面的办法。
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    // 非 https 页面上唯一可用的复制办法。
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
};

type DeviceKeyModalProps = {
  open: boolean;
  /** 注册设备 / 更换密钥 */
  reason: 'registered' | 'rotated';
  device: Device;
  deviceKey: string;
  /** 更换密钥时：旧密钥仍可使用到此时。 */
  previousKeyValidUntil?: string | null;
  onClose: () => void;
};

/**
 * 只显示一次的设备密钥。关闭后服务端不会再给出这把密钥，所以对话框不能点遮罩或按 Esc 关闭，
 * 只能点“我已保存密钥”。
 */
export const DeviceKeyModal = ({ open, reason, device, deviceKey, previousKeyValidUntil, onClose }: DeviceKeyModalProps) => {
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    if (await copyText(deviceKey)) {
      setCopied(true);
      message.success('密钥已复制到剪贴板');
    } else {
      message.error('无法自动复制，请手动选中密钥复制');
    }
  };

  const tryIt = `npx yikatong device call --id ${device.id} --key ${deviceKey} --url ${window.location.origin} POST /api/device/heartbeat`;

  return (
    <Modal
      open={open}
      title={
        <span>
          <KeyOutlined style={{ marginRight: 8 }} />
          {reason === 'registered' ? '设备已注册：请保存密钥' : '已更换密钥：请保存新密钥'}
        </span>
      }
      width={620}
      closable={false}
      maskClosable={false}
      keyboard={false}
      onCancel={onClose}
      footer={[
        <Button key="copy" icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()}>
          {copied ? '已复制' : '复制密钥'}
        </Button>,
        <Button key="done" type="primary" onClick={onClose}>
          我已保存密钥
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        message="密钥只显示这一次"
        description="关闭后无法再查看。请现在复制，配置到设备上并妥善保存；遗失后只能更换密钥。不要通过短信、聊天软件发送密钥。"
        style={{ marginBottom: 16 }}
      />
      <Descriptions
        column={1}
        size="small"
        bordered
        labelStyle={{ width: 96 }}
        items={[
          { key: 'name', label: '设备', children: `${device.name}（${deviceTypeLabel(device.type)}，${tenantLabel(device)}）` },
          {
            key: 'id',
            label: '设备编号',
            children: (
              <Typography.Text copyable={{ tooltips: ['复制设备编号', '已复制'] }} style={{ fontFamily: 'monospace' }}>
                {device.id}
              </Typography.Text>
            ),
          },
          {
            key: 'key',
            label: '密钥',
            children: (
              <Typography.Text code data-testid="device-key" style={{ fontSize: 15, wordBreak: 'break-all', userSelect: 'all' }}>
                {deviceKey}
              </Typography.Text>
            ),
          },
        ]}
      />
      {reason === 'rotated' && previousKeyValidUntil ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          message={`旧密钥在 ${formatDateTime(previousKeyValidUntil) ?? previousKeyValidUntil} 之前仍可使用`}
          description="请在此之前把新密钥配置到设备上；之后只有新密钥有效。"
        />
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 4, fontSize: 12 }}>
        设备的每个请求都要用密钥签名（HMAC-SHA256），做法见接口文档。可以先在服务器上用命令行试一试：
      </Typography.Paragraph>
      <Typography.Paragraph code copyable={{ text: tryIt, tooltips: ['复制命令', '已复制'] }} style={{ fontSize: 12, wordBreak: 'break-all', marginBottom: 0 }}>
        {tryIt}
      </Typography.Paragraph>
    </Modal>
  );
};
