import { Select, Spin, Typography } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { classFullName, TENANT_HINTS, type TenantType } from '../org';

export type PickableTenant = Exclude<TenantType, 'platform'>;
type TenantOption = { value: string; label: string };

/** 每次最多列出这么多项；更多的用搜索找。 */
const PAGE = 50;

/** 从对应的列表接口取可选的机构（只有当前用户看得到的），按编码或名称搜索。 */
const loadOptions = async (type: PickableTenant, q: string | undefined, signal: AbortSignal): Promise<TenantOption[]> => {
  const query = { q, limit: PAGE };
  switch (type) {
    case 'agency': {
      const { items } = await unwrap(api.GET('/api/agencies', { signal, params: { query } }));
      return items.map((agency) => ({ value: agency.id, label: `${agency.name}（${agency.code}）` }));
    }
    case 'outlet': {
      const { items } = await unwrap(api.GET('/api/outlets', { signal, params: { query } }));
      return items.map((outlet) => ({ value: outlet.id, label: `${outlet.name}（${outlet.agencyName}）` }));
    }
    case 'school': {
      const { items } = await unwrap(api.GET('/api/schools', { signal, params: { query } }));
      return items.map((school) => ({ value: school.id, label: school.district ? `${school.name}（${school.district}）` : school.name }));
    }
    case 'class': {
      const { items } = await unwrap(api.GET('/api/classes', { signal, params: { query } }));
      return items.map((klass) => ({ value: klass.id, label: classFullName(klass) }));
    }
    case 'student': {
      const { items } = await unwrap(api.GET('/api/students', { signal, params: { query } }));
      return items.map((student) => ({
        value: student.id,
        label: `${student.name}（${student.studentNo}）· ${student.schoolName} ${student.className}`,
      }));
    }
  }
};

type TenantSelectProps = {
  tenantType: PickableTenant;
  value?: string;
  /** 选中时连同显示的名称一起给出，编辑中保留名称（下次搜索结果里没有它也能显示）。 */
  onChange?: (value: string | undefined, label: string | undefined) => void;
  /** 已选机构的名称（如编辑现有角色时服务端给出的 tenantName）。 */
  selectedLabel?: string;
  'aria-label'?: string;
  style?: CSSProperties;
};

/** 按角色选择所属机构：代理商、网点、学校、班级或学生，从对应的列表接口搜索。 */
export const TenantSelect = ({ tenantType, value, onChange, selectedLabel, style, ...rest }: TenantSelectProps) => {
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<TenantOption[]>([]);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const q = search.trim();
    // 输入时稍等一下再查，不必每敲一个字查一次。
    const timer = setTimeout(
      () => {
        setLoading(true);
        loadOptions(tenantType, q || undefined, controller.signal).then(
          (items) => {
            if (!controller.signal.aborted) {
              setOptions(items);
              setFailure(null);
              setLoading(false);
            }
          },
          (error: unknown) => {
            if (!controller.signal.aborted) {
              setOptions([]);
              setFailure(errorMessage(error));
              setLoading(false);
            }
          },
        );
      },
      q ? 300 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [tenantType, search]);

  const shown =
    value && selectedLabel && !options.some((option) => option.value === value) ? [{ value, label: selectedLabel }, ...options] : options;

  return (
    <Select<string, TenantOption>
      aria-label={rest['aria-label']}
      showSearch
      allowClear
      filterOption={false}
      placeholder={`${TENANT_HINTS[tenantType]}，可搜索名称或编码`}
      value={value}
      options={shown}
      loading={loading}
      style={style}
      onSearch={setSearch}
      onChange={(next, option) => {
        onChange?.(next, Array.isArray(option) ? undefined : option?.label);
        setSearch('');
      }}
      notFoundContent={
        loading ? (
          <Spin size="small" />
        ) : failure ? (
          <Typography.Text type="danger">{failure}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{search.trim() ? `没有找到“${search.trim()}”` : '暂无可选项'}</Typography.Text>
        )
      }
    />
  );
};
