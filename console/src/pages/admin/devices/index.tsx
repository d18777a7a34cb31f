import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { App, Button, Flex } from 'antd';
import { useRef, useState } from 'react';
import { access } from '../../../app/access';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { FilterSelect, useUrlFilters } from '../../../components/filters';
import { deviceColumns } from './columns';
import { DeviceKeyModal } from './components/DeviceKeyModal';
import { RegisterDeviceModal } from './components/RegisterDeviceModal';
import { DEVICE_STATUS, DEVICE_STATUS_CODES, DEVICE_TYPE_CODES, DEVICE_TYPES, type Device, type DeviceStatus, type DeviceType } from './data';

/** 对话框每次打开都重新挂载（round 变化），表单是新的。 */
type Dialog = { round: number; open: boolean };

/** 只显示一次的密钥。 */
type ShownKey = { reason: 'registered' | 'rotated'; device: Device; key: string; previousKeyValidUntil?: string | null };

const TYPE_OPTIONS = DEVICE_TYPE_CODES.map((code) => ({ value: code, label: DEVICE_TYPES[code].label }));
const STATUS_OPTIONS = DEVICE_STATUS_CODES.map((code) => ({ value: code, label: DEVICE_STATUS[code].label }));

const isDeviceType = (value: string | null): value is DeviceType => value !== null && Object.hasOwn(DEVICE_TYPES, value);
const isDeviceStatus = (value: string | null): value is DeviceStatus => value !== null && Object.hasOwn(DEVICE_STATUS, value);

/** 系统管理 › 设备管理：闸机、POS、学校电话、IVR 网关和回调；注册、更换密钥、停用与启用（客服只读）。 */
const DevicesPage = () => {
  const { message } = App.useApp();
  const { user } = useSession();
  const manageable = access(user).canDevicesManage;
  const actionRef = useRef<ActionType>();
  const [searchParams, setFilter] = useUrlFilters<'type' | 'status'>();
  const typeParam = searchParams.get('type');
  const statusParam = searchParams.get('status');
  const type = isDeviceType(typeParam) ? typeParam : undefined;
  const status = isDeviceStatus(statusParam) ? statusParam : undefined;
  const [registering, setRegistering] = useState<Dialog>({ round: 0, open: false });
  const [shown, setShown] = useState<ShownKey | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const reload = () => void actionRef.current?.reload();

  const rotate = async (device: Device) => {
    setBusy(`rotate:${device.id}`);
    try {
      const result = await unwrap(api.POST('/api/devices/{id}/rotate-key', { params: { path: { id: device.id } } }));
      setShown({ reason: 'rotated', device: result.device, key: result.key, previousKeyValidUntil: result.previousKeyValidUntil });
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const setStatus = async (device: Device, to: DeviceStatus) => {
    setBusy(`status:${device.id}`);
    try {
      const path = to === 'disabled' ? '/api/devices/{id}/disable' : '/api/devices/{id}/enable';
      await unwrap(api.POST(path, { params: { path: { id: device.id } } }));
      message.success(to === 'disabled' ? `已停用：${device.name}` : `已启用：${device.name}`);
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const columns = deviceColumns({
    busy,
    now,
    manageable,
    onRotate: (device) => void rotate(device),
    onDisable: (device) => void setStatus(device, 'disabled'),
    onEnable: (device) => void setStatus(device, 'active'),
  });

  return (
    <PageContainer content="闸机、POS终端、学校电话、IVR网关和运营商、银行的回调，都以注册的设备身份调用接口，每个请求用设备密钥签名。密钥只在注册和更换时显示一次。">
      <div data-testid="devices">
        <ProTable<Device, { type?: DeviceType; status?: DeviceStatus }>
          rowKey="id"
          actionRef={actionRef}
          columns={columns}
          params={{ type, status }}
          request={async ({ type: deviceType, status: deviceStatus, current = 1, pageSize = 20 }) => {
            try {
              const result = await unwrap(
                api.GET('/api/devices', {
                  params: { query: { type: deviceType, status: deviceStatus, limit: pageSize, offset: (current - 1) * pageSize } },
                }),
              );
              setNow(Date.now());
              return { data: result.items, total: result.total, success: true };
            } catch (error) {
              message.error(errorMessage(error));
              return { data: [], total: 0, success: false };
            }
          }}
          headerTitle={
            <Flex align="center" gap={8} wrap>
              <FilterSelect label="设备类型" placeholder="全部类型" width={140} value={type} options={TYPE_OPTIONS} onChange={(value) => setFilter('type', value)} />
              <FilterSelect
                label="设备状态"
                placeholder="全部状态"
                width={120}
                value={status}
                options={STATUS_OPTIONS}
                onChange={(value) => setFilter('status', value)}
              />
            </Flex>
          }
          toolBarRender={() => [
            manageable ? (
              <Button key="register" type="primary" icon={<PlusOutlined />} onClick={() => setRegistering((current) => ({ round: current.round + 1, open: true }))}>
                注册设备
              </Button>
            ) : null,
          ]}
          search={false}
          cardBordered
          options={{ reload: true, density: false, setting: false, fullScreen: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 台设备` }}
          size="middle"
          scroll={{ x: 960 }}
          locale={{ emptyText: type || status ? '没有符合条件的设备' : manageable ? '还没有设备，点击“注册设备”注册第一台' : '还没有设备' }}
        />
      </div>
      {manageable && registering.round > 0 ? (
        <RegisterDeviceModal
          key={registering.round}
          open={registering.open}
          onClose={() => setRegistering((current) => ({ ...current, open: false }))}
          onDone={(result) => {
            setShown({ reason: 'registered', device: result.device, key: result.key });
            reload();
          }}
        />
      ) : null}
      {shown ? (
        <DeviceKeyModal
          key={`${shown.device.id}:${shown.key}`}
          open
          reason={shown.reason}
          device={shown.device}
          deviceKey={shown.key}
          previousKeyValidUntil={shown.previousKeyValidUntil}
          onClose={() => setShown(null)}
        />
      ) : null}
    </PageContainer>
  );
};

export default DevicesPage;
