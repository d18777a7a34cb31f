import { ProFormCheckbox, ProFormDependency, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { api, unwrap } from '../../../../app/request';
import { FormModal } from '../../../../components/FormModal';
import { normalizePhone, PHONE_MESSAGE, phoneRule, type Person, type SchoolClass } from '../../org';

type StaffValues = { name?: string; phone?: string; admin: boolean; classIds: string[] };

type StaffModalProps = {
  open: boolean;
  school: { id: string; name: string };
  classes: readonly SchoolClass[];
  classesLoading: boolean;
  /** 设置已有教职工时给出此人；不给时为添加教职工。 */
  person?: Person;
  onClose: () => void;
  onDone: () => void;
};

/**
 * 添加教职工（按手机号找到已有的人，或新建，用短信验证码登录），或设置一位教职工在本校的角色：
 * 学校管理员，和担任班主任的班级。其他学校的角色和家长身份不受影响。
 */
export const StaffModal = ({ open, school, classes, classesLoading, person, onClose, onDone }: StaffModalProps) => {
  const { message } = App.useApp();
  const adding = person === undefined;

  const submit = async (values: StaffValues) => {
    const roles = { admin: Boolean(values.admin), classIds: values.classIds ?? [] };
    if (person) {
      const updated = await unwrap(
        api.PUT('/api/schools/{id}/staff/{userId}', { params: { path: { id: school.id, userId: person.id } }, body: roles }),
      );
      message.success(updated.roles.length > 0 ? `已更新 ${updated.name} 在本校的角色` : `${updated.name} 已不再是本校教职工`);
    } else {
      const phone = normalizePhone(values.phone ?? '');
      if (phone === null) {
        return PHONE_MESSAGE;
      }
      if (!roles.admin && roles.classIds.length === 0) {
        return '请勾选学校管理员，或至少选择一个班主任班级';
      }
      const result = await unwrap(
        api.POST('/api/schools/{id}/staff', { params: { path: { id: school.id } }, body: { name: (values.name ?? '').trim(), phone, ...roles } }),
      );
      message.success(
        result.created ? `已添加：${result.person.name}（用手机号 ${phone} 和短信验证码登录）` : `${result.person.name} 已有账号，已加入本校`,
      );
    }
    onDone();
  };

  const initial: StaffValues = person
    ? {
        admin: person.roles.some((grant) => grant.role === 'school_admin'),
        classIds: person.roles.filter((grant) => grant.role === 'teacher').map((grant) => grant.tenantId),
      }
    : { admin: false, classIds: [] };

  return (
    <FormModal<StaffValues>
      title={person ? `设置：${person.name}` : `添加教职工：${school.name}`}
      open={open}
      width={560}
      labelWidth="96px"
      submitText={adding ? '添加' : '保存'}
      initialValues={initial}
      onClose={onClose}
      onSubmit={submit}
    >
      {adding ? (
        <>
          <ProFormText
            name="name"
            label="姓名"
            fieldProps={{ maxLength: 40, autoComplete: 'off' }}
            rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
          />
          <ProFormText
            name="phone"
            label="手机号"
            placeholder="11 位手机号，用于短信验证码登录"
            fieldProps={{ maxLength: 20, inputMode: 'numeric', autoComplete: 'off' }}
            rules={[{ required: true, whitespace: true, message: PHONE_MESSAGE }, phoneRule]}
            extra="这个手机号已有账号时（如已是家长），不新建账号，只增加本校的角色"
          />
        </>
      ) : null}
      <ProFormCheckbox name="admin" label="学校管理员">
        管理本校的班级、学生、家长和教职工
      </ProFormCheckbox>
      <ProFormSelect
        name="classIds"
        label="班主任班级"
        mode="multiple"
        placeholder="选择担任班主任的班级"
        options={classes.map((klass) => ({ value: klass.id, label: klass.name }))}
        fieldProps={{ loading: classesLoading, optionFilterProp: 'label', 'aria-label': '班主任班级' }}
      />
      {adding ? null : (
        <ProFormDependency name={['admin', 'classIds']}>
          {({ admin, classIds }: Partial<StaffValues>) =>
            !admin && (classIds ?? []).length === 0 ? (
              <Alert type="warning" showIcon message="两项都不选，保存后此人不再是本校教职工（其他学校的角色和家长身份不变）。" style={{ marginBottom: 16 }} />
            ) : null
          }
        </ProFormDependency>
      )}
    </FormModal>
  );
};
