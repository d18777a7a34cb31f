import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { fenToYuan } from '../../../components/money';
import { MoneyText } from '../../../components/MoneyText';
import { parseLimits, type Student } from '../org';

type LimitsValues = { daily?: string; dailyUnlimited: boolean; single?: string; singleUnlimited: boolean };

const LimitText = ({ fen }: { fen: number | null }) => (fen === null ? <span>不限</span> : <MoneyText fen={fen} strong />);

const toValues = (limits: Student['limits']): LimitsValues => ({
  daily: limits.daily === null ? '' : fenToYuan(limits.daily),
  dailyUnlimited: limits.daily === null,
  single: limits.single === null ? '' : fenToYuan(limits.single),
  singleUnlimited: limits.single === null,
});

type LimitsCardProps = {
  student: Student;
  /** 能否修改（家长、本校学校管理员、运营商管理员）。 */
  editable: boolean;
  /** 学生本人在看：只读，并说明由家长设置。 */
  self: boolean;
  onSaved: (student: Student) => void;
};

/** 校园卡限额：每日、单笔（元，精确到分；可选不限）。学生本人只能看，不能改。 */
export const LimitsCard = ({ student, editable, self, onSaved }: LimitsCardProps) => {
  const { message } = App.useApp();
  const [form] = Form.useForm<LimitsValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ field: 'daily' | 'single' | 'form'; message: string } | null>(null);
  const dailyUnlimited = Form.useWatch('dailyUnlimited', form);
  const singleUnlimited = Form.useWatch('singleUnlimited', form);
  const { limits } = student;

  const save = async (values: LimitsValues) => {
    setProblem(null);
    const parsed = parseLimits({ unlimited: values.dailyUnlimited, yuan: values.daily }, { unlimited: values.singleUnlimited, yuan: values.single });
    if (!parsed.ok) {
      setProblem({ field: parsed.field, message: parsed.message });
      return;
    }
    setSaving(true);
    try {
      const updated = await unwrap(
        api.PUT('/api/students/{id}/limits', { params: { path: { id: student.id } }, body: { daily: parsed.daily, single: parsed.single } }),
      );
      message.success('已保存校园卡限额');
      form.setFieldsValue(toValues(updated.limits));
      onSaved(updated);
    } catch (error) {
      setProblem({ field: 'form', message: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  const updatedAt = limits.updatedAt ? (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      最近设置：<DateTime value={limits.updatedAt} />
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      还没有设置过
    </Typography.Text>
  );

  if (!editable) {
    return (
      <Card title="校园卡限额" extra={updatedAt} data-testid="limits">
        <Descriptions
          column={{ xs: 1, sm: 2 }}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'daily', label: '每日限额', children: <LimitText fen={limits.daily} /> },
            { key: 'single', label: '单笔限额', children: <LimitText fen={limits.single} /> },
          ]}
        />
        <Alert
          type="info"
          showIcon
          message={self ? '限额由家长设置。如需调整，请和家长商量。' : '限额由家长或学校设置。'}
        />
      </Card>
    );
  }

  const row = (field: 'daily' | 'single', label: string, unlimited: boolean | undefined, hint: string) => (
    <Form.Item
      label={label}
      htmlFor={`limit-${field}`}
      validateStatus={problem?.field === field ? 'error' : undefined}
      help={problem?.field === field ? problem.message : hint}
      data-testid={`limit-${field}`}
    >
      <Flex gap={12} align="center">
        <Form.Item name={field} noStyle>
          <Input
            id={`limit-${field}`}
            prefix="¥"
            suffix="元"
            inputMode="decimal"
            autoComplete="off"
            placeholder={unlimited ? '不限' : '0.00'}
            disabled={Boolean(unlimited)}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item name={`${field}Unlimited`} valuePropName="checked" noStyle>
          <Checkbox>不限</Checkbox>
        </Form.Item>
      </Flex>
    </Form.Item>
  );

  return (
    <Card title="校园卡限额" extra={updatedAt} data-testid="limits">
      <Form<LimitsValues>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '84px' }}
        initialValues={toValues(limits)}
        onValuesChange={() => setProblem(null)}
        onFinish={(values) => void save(values)}
      >
        {row('daily', '每日限额', dailyUnlimited, '一天内校园卡最多消费的金额')}
        {row('single', '单笔限额', singleUnlimited, '每一笔消费的上限，不能高于每日限额')}
        {problem?.field === 'form' ? <Alert type="error" showIcon message={problem.message} style={{ marginBottom: 16 }} /> : null}
        <Form.Item label=" " colon={false} style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" loading={saving}>
            保存限额
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
};
