import { ModalForm, ProForm } from '@ant-design/pro-components';
import { Alert, App } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../../app/request';
import { RolesEditor } from '../../components/RolesEditor';
import { draftsFromRoles, grantsFromDrafts, type GrantDraft, type Person } from '../../org';

type SetRolesModalProps = {
  open: boolean;
  person: Person;
  onClose: () => void;
  onDone: (person: Person) => void;
};

/** 设置一个人的全部角色（替换原有角色）。不再使用的账号请停用，而不是删光角色。 */
export const SetRolesModal = ({ open, person, onClose, onDone }: SetRolesModalProps) => {
  const { message } = App.useApp();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: { roles: GrantDraft[] }): Promise<boolean> => {
    setFailure(null);
    const { grants, problem } = grantsFromDrafts(values.roles ?? []);
    if (problem) {
      setFailure(problem);
      return false;
    }
    try {
      const updated = await unwrap(api.PUT('/api/users/{id}/roles', { params: { path: { id: person.id } }, body: { roles: grants } }));
      message.success(`已更新 ${updated.name} 的角色`);
      onDone(updated);
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  return (
    <ModalForm<{ roles: GrantDraft[] }>
      title={`设置角色：${person.name}`}
      open={open}
      width={640}
      layout="vertical"
      onOpenChange={(next) => {
        if (!next) {
          onClose();
        }
      }}
      modalProps={{ maskClosable: false }}
      initialValues={{ roles: draftsFromRoles(person.roles) }}
      submitter={{ searchConfig: { submitText: '保存', resetText: '取消' } }}
      onValuesChange={() => setFailure(null)}
      onFinish={submit}
    >
      <ProForm.Item
        name="roles"
        label="角色及所属机构"
        extra="保存后立即生效；此人刷新页面后，菜单按新角色显示"
        rules={[
          {
            validator: async (_rule: unknown, value: GrantDraft[] | undefined) => {
              const { problem } = grantsFromDrafts(value ?? []);
              if (problem) {
                throw new Error(problem);
              }
            },
          },
        ]}
      >
        <RolesEditor />
      </ProForm.Item>
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
    </ModalForm>
  );
};
