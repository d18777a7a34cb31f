import { ModalForm, ProFormDependency, ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import { Alert, App, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { newRequestKey } from '../../../../components/ledger';
import { useSimInfo, useSmsServices } from '../../components/hooks';
import { SmsSizeHint } from '../../components/SmsSizeHint';
import { parseRecipients, SMS_CLASS, SMS_CLASS_OPTIONS, type SmsBulk, type SmsClass } from '../../sms';

type BulkValues = {
  text: string;
  recipients: string;
  class: SmsClass;
  service: string;
};

type NewBulkModalProps = {
  open: boolean;
  onClose: () => void;
  /** 服务端受理后调用（打开群发报告）。 */
  onDone: (bulk: SmsBulk) => void;
};

/** 服务端一次最多接受的收信人数。 */
const MAX_RECIPIENTS = 20_000;

/** 收信人框下面的提示：识别到几个号码、几个重复、哪些认不出来。 */
const RecipientsHint = ({ text }: { text: string | undefined }) => {
  const parsed = parseRecipients(text ?? '');
  if (parsed.numbers.length === 0 && parsed.invalid.length === 0) {
    return <span>每行一个号码；也可以直接粘贴（逗号、空格、分号分隔，或从 Excel 复制一列）</span>;
  }
  return (
    <span data-testid="recipients-count">
      识别到 <Typography.Text strong>{parsed.numbers.length}</Typography.Text> 个号码
      {parsed.duplicates > 0 ? `，${parsed.duplicates} 个重复的只发一次` : ''}
      {parsed.invalid.length > 0 ? (
        <Typography.Text type="danger">
          ；{parsed.invalid.length} 项不是手机号：{parsed.invalid.slice(0, 3).join('、')}
          {parsed.invalid.length > 3 ? ' 等' : ''}
        </Typography.Text>
      ) : null}
    </span>
  );
};

/**
 * 新建群发。每次打开挂载一次（父组件用 key 区分），请求编号在挂载时生成：
 * 同一个对话框里重复点“发送”，服务端只群发一次。
 */
export const NewBulkModal = ({ open, onClose, onDone }: NewBulkModalProps) => {
  const { message } = App.useApp();
  const [key] = useState(newRequestKey);
  const [failure, setFailure] = useState<string | null>(null);
  const services = useSmsServices();
  const sim = useSimInfo();

  const submit = async (values: BulkValues): Promise<boolean> => {
    setFailure(null);
    const { numbers, invalid } = parseRecipients(values.recipients);
    if (numbers.length === 0 || invalid.length > 0) {
      return false;
    }
    try {
      const result = await unwrap(
        api.POST('/api/sms/bulks', {
          body: { text: values.text.trim(), recipients: numbers, key, class: values.class, service: values.service },
        }),
      );
      message.success(result.replay ? '这次群发已经提交过，没有重复发送' : `已受理群发：${result.bulk.recipients} 个号码`);
      onDone(result.bulk);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<BulkValues>
      title="新建群发"
      name="newBulk"
      open={open}
      width={640}
      layout="horizontal"
      labelCol={{ flex: '84px' }}
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      initialValues={{ class: 'notice', service: 'platform' }}
      submitter={{ searchConfig: { submitText: '发送', resetText: '取消' } }}
      onFinish={submit}
      onValuesChange={() => setFailure(null)}
    >
      <ProFormTextArea
        name="text"
        label="内容"
        placeholder="发给每个号码的短信内容，不用写签名"
        fieldProps={{ maxLength: 1000, autoSize: { minRows: 3, maxRows: 6 } }}
        rules={[{ required: true, whitespace: true, message: '请输入短信内容' }]}
        extra={
          <ProFormDependency name={['text']}>
            {({ text }: { text?: string }) => <SmsSizeHint text={text} signature={sim.data?.signature} />}
          </ProFormDependency>
        }
      />
      <ProFormTextArea
        name="recipients"
        label="收信人"
        placeholder={'13900139000\n13900139001\n…'}
        fieldProps={{ autoSize: { minRows: 4, maxRows: 10 }, spellCheck: false, style: { fontVariantNumeric: 'tabular-nums' } }}
        rules={[
          {
            required: true,
            validator: async (_rule: unknown, value: string | undefined) => {
              const parsed = parseRecipients(value ?? '');
              if (parsed.invalid.length > 0) {
                throw new Error(`有 ${parsed.invalid.length} 项不是 11 位手机号码，请改正或删除`);
              }
              if (parsed.numbers.length === 0) {
                throw new Error('请输入至少一个手机号码');
              }
              if (parsed.numbers.length > MAX_RECIPIENTS) {
                throw new Error(`一次最多发给 ${MAX_RECIPIENTS} 个号码`);
              }
            },
          },
        ]}
        extra={
          <ProFormDependency name={['recipients']}>
            {({ recipients }: { recipients?: string }) => <RecipientsHint text={recipients} />}
          </ProFormDependency>
        }
      />
      <ProFormSelect
        name="class"
        label="类别"
        options={SMS_CLASS_OPTIONS}
        rules={[{ required: true, message: '请选择类别' }]}
        extra={
          <ProFormDependency name={['class']}>
            {({ class: kind }: { class?: SmsClass }) => (kind ? SMS_CLASS[kind].description : null)}
          </ProFormDependency>
        }
      />
      <ProFormSelect
        name="service"
        label="业务"
        options={(services.data ?? []).map((service) => ({ value: service.code, label: `${service.title}（${service.code}）` }))}
        fieldProps={{ loading: services.loading, showSearch: true, optionFilterProp: 'label' }}
        rules={[{ required: true, message: '请选择业务' }]}
      />
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} /> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        请求编号：
        <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
          {key}
        </Typography.Text>
        （重复提交不会重复群发）
      </Typography.Text>
    </ModalForm>
  );
};
