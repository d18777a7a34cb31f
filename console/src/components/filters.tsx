import { Select } from 'antd';
import { useSearchParams } from 'react-router-dom';

/**
 * 列表的查询条件放在地址里，刷新或分享链接后保持不变。返回地址里的条件，和设置一个条件的函数
 * （空值时去掉这个条件，其他条件不变）。
 */
export const useUrlFilters = <Name extends string>() => {
  const [searchParams, setSearchParams] = useSearchParams();
  const setFilter = (name: Name, value: string | undefined) => {
    const next = new URLSearchParams(searchParams);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setSearchParams(next, { replace: true });
  };
  return [searchParams, setFilter] as const;
};

type FilterSelectProps<Value extends string> = {
  /** 无障碍名称（测试也按它找）。 */
  label: string;
  /** 没选时显示的文字，如“全部状态”。 */
  placeholder: string;
  width: number;
  value: Value | undefined;
  options: { value: Value; label: string }[];
  /** 清除时收到 undefined。 */
  onChange: (value: Value | undefined) => void;
};

/** 表格上方的一个下拉筛选条件，可以清除。 */
export const FilterSelect = <Value extends string>({ label, placeholder, width, value, options, onChange }: FilterSelectProps<Value>) => (
  <Select<Value>
    aria-label={label}
    allowClear
    placeholder={placeholder}
    style={{ width }}
    value={value}
    options={options}
    onChange={(next?: Value) => onChange(next)}
  />
);
