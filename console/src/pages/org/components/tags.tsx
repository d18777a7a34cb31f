import { Badge, Space, Tag, Typography } from 'antd';
import {
  ORG_STATUS,
  PERSON_STATUS,
  roleColor,
  roleLabel,
  STUDENT_STATUS,
  type OrgStatus,
  type PersonRole,
  type PersonStatus,
  type StudentStatus,
} from '../org';

/** 一个人的角色，每个一枚标签：“教师 · 三年级(2)班”。 */
export const RoleTags = ({ roles, empty = '无角色' }: { roles: readonly PersonRole[]; empty?: string }) =>
  roles.length > 0 ? (
    <Space size={[4, 4]} wrap>
      {roles.map((grant) => (
        <Tag key={`${grant.role}:${grant.tenantType}:${grant.tenantId}`} color={roleColor(grant.role)} bordered={false} style={{ marginInlineEnd: 0 }}>
          {roleLabel(grant)}
        </Tag>
      ))}
    </Space>
  ) : (
    <Typography.Text type="secondary">{empty}</Typography.Text>
  );

type BadgeStatus = 'success' | 'warning' | 'default' | 'processing' | 'error';

export const OrgStatusBadge = ({ status }: { status: OrgStatus }) => (
  <Badge status={ORG_STATUS[status].color as BadgeStatus} text={ORG_STATUS[status].label} />
);

export const PersonStatusBadge = ({ status }: { status: PersonStatus }) => (
  <Badge status={PERSON_STATUS[status].color as BadgeStatus} text={PERSON_STATUS[status].label} />
);

export const StudentStatusBadge = ({ status }: { status: StudentStatus }) => (
  <Badge status={STUDENT_STATUS[status].color as BadgeStatus} text={STUDENT_STATUS[status].label} />
);

/** 可能为空的文字：空时显示灰色的“—”。 */
export const Maybe = ({ text }: { text: string | null | undefined }) =>
  text ? <>{text}</> : <Typography.Text type="secondary">—</Typography.Text>;

/** 编码一类的等宽小字。 */
export const Code = ({ children }: { children: string }) => (
  <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
    {children}
  </Typography.Text>
);
