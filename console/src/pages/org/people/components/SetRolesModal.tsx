import { ProForm } from '@ant-design/pro-components';
import { App } from 'antd';
import { api, unwrap } from '../../../../app/request';
import { FormModal } from '../../../../components/FormModal';
import { RolesEditor } from '../../components/RolesEditor';
import { draftsFromRoles, grantsFromDrafts, rolesRule, type GrantDraft, type Person } from '../../org';

type SetRolesModalProps = {
  open: boolean;
  person: Person;
  onClose: () => void;
  onDone: (person: Person) => void;
};

/** 设置一个人的全部角色（替换原有角色）。不再使用的账号请停用，而不是删光角色。 */
export const SetRolesModal = ({ open, person, onClose, onDone }: SetRolesModalProps) => {
  const { message } = App.useApp();

  const submit = async (values: { roles: GrantDraft[] }) => {
    const { grants, problem } = grantsFromDrafts(values.roles ?? []);
    if (problem) {
      return problem;
    }
    const updated = await unwrap(api.PUT('/api/users/{id}/roles', { params: { path: { id: person.id } }, body: { roles: grants } }));
    message.success(`已更新 ${updated.name} 的角色`);
    onDone(updated);
  };

  return (
    <FormModal<{ roles: GrantDraft[] }>
      title={`设置角色：${person.name}`}
      open={open}
      width={640}
      submitText="保存"
      initialValues={{ roles: draftsFromRoles(person.roles) }}
      onClose={onClose}
      onSubmit={submit}
    >
      <ProForm.Item name="roles" label="角色及所属机构" extra="保存后立即生效；此人刷新页面后，菜单按新角色显示" rules={[rolesRule]}>
        <RolesEditor />
      </ProForm.Item>
    </FormModal>
  );
};
