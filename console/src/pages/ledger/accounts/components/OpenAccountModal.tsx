import {
  ModalForm,
  ProFormDependency,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
  type ProFormInstance,
} from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { useRef, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import {
  ACCOUNT_TYPES,
  BUSINESS_CODE,
  OVERDRAFT_TYPES,
  OWNER_ID,
  OWNER_TYPES,
  type LedgerAccount,
} from '../../../../components/ledger';
import { parseYuan } from '../../../../components/money';

/** 选择“其他类型”时，类型代码手工填写。 */
const OTHER_TYPE = '__other__';

type OpenAccountValues = {
  name: string;
  type: string;
  customCode?: string;
  ownerType: string;
  ownerId: string;
  limit: 'noNegative' | 'negative';
  overdraft?: string;
};

type OpenAccountModalProps = {
  open: boolean;
  /** 当前已有的账户，用来判断是新开的还是已经开过的。 */
  existingIds: ReadonlySet<string>;
  onClose: () => void;
  onDone: (account: LedgerAccount) => void;
};

const TYPE_OPTIONS = [
  ...Object.entries(ACCOUNT_TYPES).map(([code, label]) => ({ value: code, label: `${label}（${code}）` })),
  { value: OTHER_TYPE, label: '其他类型…' },
];

const OWNER_OPTIONS = Object.entries(OWNER_TYPES).map(([value, label]) => ({ value, label: `${label}（${value}）` }));

/** 开户对话框。同一所有者的同类账户只开一次：再开一次会返回原来的账户。 */
export const OpenAccountModal = ({ open, existingIds, onClose, onDone }: OpenAccountModalProps) => {
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<OpenAccountValues>>(undefined);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: OpenAccountValues): Promise<boolean> => {
    setFailure(null);
    const code = values.type === OTHER_TYPE ? (values.customCode ?? '').trim().toUpperCase() : values.type;
    const overdraft = values.limit === 'noNegative' && values.overdraft?.trim() ? parseYuan(values.overdraft) : null;
    if (overdraft && !overdraft.ok) {
      return false;
    }
    try {
      const { account } = await unwrap(
        api.POST('/api/ledger/accounts', {
          body: {
            code,
            name: values.name.trim(),
            ownerType: values.ownerType,
            ownerId: values.ownerId.trim(),
            noNegative: values.limit === 'noNegative',
            overdraftLimit: overdraft?.fen ?? 0,
          },
        }),
      );
      if (existingIds.has(account.id)) {
        message.info(`该所有者已经开过这类账户：${account.name}，没有重复开户`);
      } else {
        message.success(`已开户：${account.name}`);
      }
      onDone(account);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<OpenAccountValues>
      title="开户"
      open={open}
      width={560}
      formRef={formRef}
      layout="horizontal"
      labelCol={{ flex: '108px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      initialValues={{ type: 'OUTLET_PREPAID', ownerType: 'outlet', limit: 'noNegative' }}
      submitter={{ searchConfig: { submitText: '确认开户', resetText: '取消' } }}
      onValuesChange={(changed: Partial<OpenAccountValues>) => {
        setFailure(null);
        // 清算、结算类账户默认允许为负数，其他账户默认不可透支。
        if (changed.type !== undefined) {
          formRef.current?.setFieldsValue({ limit: OVERDRAFT_TYPES.has(changed.type) ? 'negative' : 'noNegative' });
        }
      }}
      onFinish={submit}
    >
      <ProFormText
        name="name"
        label="账户名称"
        placeholder="例如 城关网点预存款"
        fieldProps={{ maxLength: 60, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: '请输入账户名称' }]}
      />
      <ProFormSelect name="type" label="账户类型" options={TYPE_OPTIONS} rules={[{ required: true, message: '请选择账户类型' }]} />
      <ProFormDependency name={['type']}>
        {({ type }: { type?: string }) =>
          type === OTHER_TYPE ? (
            <ProFormText
              name="customCode"
              label="类型代码"
              placeholder="例如 AGENT_FLOAT"
              fieldProps={{ maxLength: 40, autoComplete: 'off' }}
              rules={[
                { required: true, message: '请输入类型代码' },
                {
                  validator: async (_rule, value: string | undefined) => {
                    if (value && !BUSINESS_CODE.test(value.trim().toUpperCase())) {
                      throw new Error('类型代码为大写字母开头的字母、数字和下划线');
                    }
                  },
                },
              ]}
            />
          ) : null
        }
      </ProFormDependency>
      <ProFormSelect
        name="ownerType"
        label="所有者类型"
        options={OWNER_OPTIONS}
        rules={[{ required: true, message: '请选择所有者类型' }]}
      />
      <ProFormText
        name="ownerId"
        label="所有者编号"
        placeholder="例如 网点编号 o1、银行代码 icbc"
        fieldProps={{ maxLength: 64, autoComplete: 'off' }}
        rules={[
          { required: true, message: '请输入所有者编号' },
          { pattern: OWNER_ID, message: '所有者编号为字母、数字和 _ . : -，不含空格' },
        ]}
      />
      <ProFormRadio.Group
        name="limit"
        label="余额控制"
        options={[
          { label: '不可透支', value: 'noNegative' },
          { label: '允许为负数', value: 'negative' },
        ]}
        extra="网点、代理商和校园卡的钱不可透支；银行结算户、运营商清算户可以为负数"
      />
      <ProFormDependency name={['limit']}>
        {({ limit }: { limit?: string }) =>
          limit === 'noNegative' ? (
            <ProFormText
              name="overdraft"
              label="透支额度"
              placeholder="0.00"
              fieldProps={{ prefix: '¥', inputMode: 'decimal', autoComplete: 'off' }}
              extra="单位：元。选填：余额最多可以低于 0 多少，不填即为 0"
              rules={[
                {
                  validator: async (_rule, value: string | undefined) => {
                    if (value?.trim()) {
                      const parsed = parseYuan(value);
                      if (!parsed.ok) {
                        throw new Error(parsed.message);
                      }
                    }
                  },
                },
              ]}
            />
          ) : null
        }
      </ProFormDependency>
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
    </ModalForm>
  );
};
