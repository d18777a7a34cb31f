import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import type { RoleCode } from '../../../app/access';
import { ROLE_CODES, ROLE_TENANT, ROLE_TITLES, type GrantDraft } from '../org';
import { TenantSelect } from './TenantSelect';

const ROLE_OPTIONS = ROLE_CODES.map((code) => ({ value: code, label: ROLE_TITLES[code] }));

type RolesEditorProps = {
  value?: GrantDraft[];
  onChange?: (value: GrantDraft[]) => void;
};

/**
 * 一个人的角色列表：每行一个角色和它所属的机构（代理商、网点、学校、班级或学生）；
 * 运营商管理员和客服属于平台，不必选。作为表单项使用（value / onChange）。
 */
export const RolesEditor = ({ value = [], onChange }: RolesEditorProps) => {
  const update = (index: number, patch: GrantDraft) =>
    onChange?.(value.map((draft, at) => (at === index ? { ...draft, ...patch } : draft)));

  return (
    <Flex vertical gap={8} data-testid="roles-editor">
      {value.map((draft, index) => {
        const tenantType = draft.role ? ROLE_TENANT[draft.role] : undefined;
        return (
          <Flex key={index} gap={8} align="center" data-testid="role-row">
            <Select<RoleCode>
              aria-label={`角色 ${index + 1}`}
              placeholder="选择角色"
              value={draft.role}
              options={ROLE_OPTIONS}
              style={{ width: 136, flex: 'none' }}
              onChange={(role) =>
                // 换了属于另一类机构的角色时，原来选的机构不再适用。
                update(index, draft.role && ROLE_TENANT[draft.role] === ROLE_TENANT[role] ? { role } : { role, tenantId: undefined, tenantName: undefined })
              }
            />
            <div style={{ flex: 1, minWidth: 0 }}>
              {tenantType === undefined ? (
                <Typography.Text type="secondary">先选择角色</Typography.Text>
              ) : tenantType === 'platform' ? (
                <Typography.Text type="secondary">全平台，不属于具体机构</Typography.Text>
              ) : (
                <TenantSelect
                  key={tenantType}
                  aria-label={`所属机构 ${index + 1}`}
                  tenantType={tenantType}
                  value={draft.tenantId}
                  selectedLabel={draft.tenantName}
                  style={{ width: '100%' }}
                  onChange={(tenantId, tenantName) => update(index, { tenantId, tenantName })}
                />
              )}
            </div>
            <Button
              type="text"
              aria-label={`删除角色 ${index + 1}`}
              icon={<DeleteOutlined />}
              onClick={() => onChange?.(value.filter((_, at) => at !== index))}
            />
          </Flex>
        );
      })}
      <Button type="dashed" icon={<PlusOutlined />} onClick={() => onChange?.([...value, {}])}>
        添加角色
      </Button>
    </Flex>
  );
};
