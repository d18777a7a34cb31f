import type { ProColumns } from '@ant-design/pro-components';
import { Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { MoneyText } from '../../../components/MoneyText';
import { useApi } from '../../../components/useApi';
import type { Outlet, School } from '../org';
import { Code, Maybe, OrgStatusBadge } from './tags';

/** 表格里一个网点的可用余额（每行单独取）。 */
const OutletBalanceCell = ({ id }: { id: string }) => {
  const balance = useApi((signal) => unwrap(api.GET('/api/outlets/{id}/balance', { signal, params: { path: { id } } })));
  if (balance.error) {
    return <Typography.Text type="secondary">暂不可查</Typography.Text>;
  }
  return <MoneyText fen={balance.data?.available} />;
};

/** 名称（链接到详情）+ 下面一行小字的编码。 */
export const NameAndCode = ({ to, name, code }: { to: string; name: string; code: string }) => (
  <Flex vertical>
    <Link to={to} onClick={(event) => event.stopPropagation()}>
      <Typography.Text strong style={{ color: 'inherit' }}>
        {name}
      </Typography.Text>
    </Link>
    <Code>{code}</Code>
  </Flex>
);

export const outletPath = (id: string) => `/org/outlets/${encodeURIComponent(id)}`;
export const schoolPath = (id: string) => `/org/schools/${encodeURIComponent(id)}`;
export const agencyPath = (id: string) => `/org/agencies/${encodeURIComponent(id)}`;
export const classPath = (id: string) => `/org/classes/${encodeURIComponent(id)}`;
export const studentPath = (id: string) => `/org/students/${encodeURIComponent(id)}`;

/** 营业网点表格；showAgency 时多一列所属代理商（能进入代理商页时可点）。 */
export const outletColumns = ({ showAgency, agencyLinks }: { showAgency: boolean; agencyLinks: boolean }): ProColumns<Outlet>[] => [
  {
    title: '网点',
    dataIndex: 'name',
    render: (_, outlet) => <NameAndCode to={outletPath(outlet.id)} name={outlet.name} code={outlet.code} />,
  },
  ...(showAgency
    ? [
        {
          title: '代理商',
          dataIndex: 'agencyName',
          width: 140,
          render: (_, outlet) =>
            agencyLinks ? (
              <Link to={agencyPath(outlet.agencyId)} onClick={(event) => event.stopPropagation()}>
                {outlet.agencyName}
              </Link>
            ) : (
              outlet.agencyName
            ),
        } satisfies ProColumns<Outlet>,
      ]
    : []),
  {
    title: '地址',
    dataIndex: 'address',
    width: 200,
    ellipsis: true,
    render: (_, outlet) => <Maybe text={outlet.address} />,
  },
  {
    title: '预存款可用余额',
    dataIndex: 'id',
    width: 140,
    align: 'right',
    render: (_, outlet) => <OutletBalanceCell id={outlet.id} />,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (_, outlet) => <OrgStatusBadge status={outlet.status} />,
  },
  {
    title: '创建时间',
    dataIndex: 'createdAt',
    width: 164,
    render: (_, outlet) => <DateTime value={outlet.createdAt} />,
  },
];

/** 学校表格；showAgency 时多一列所属代理商。 */
export const schoolColumns = ({ showAgency, agencyLinks }: { showAgency: boolean; agencyLinks: boolean }): ProColumns<School>[] => [
  {
    title: '学校',
    dataIndex: 'name',
    render: (_, school) => <NameAndCode to={schoolPath(school.id)} name={school.name} code={school.code} />,
  },
  {
    title: '区县',
    dataIndex: 'district',
    width: 120,
    render: (_, school) => <Maybe text={school.district} />,
  },
  ...(showAgency
    ? [
        {
          title: '代理商',
          dataIndex: 'agencyName',
          width: 140,
          render: (_, school) =>
            school.agencyId && school.agencyName ? (
              agencyLinks ? (
                <Link to={agencyPath(school.agencyId)} onClick={(event) => event.stopPropagation()}>
                  {school.agencyName}
                </Link>
              ) : (
                school.agencyName
              )
            ) : (
              <Typography.Text type="secondary">平台直属</Typography.Text>
            ),
        } satisfies ProColumns<School>,
      ]
    : []),
  {
    title: '在读学生',
    dataIndex: 'students',
    width: 100,
    align: 'right',
    render: (_, school) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{school.students} 人</span>,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (_, school) => <OrgStatusBadge status={school.status} />,
  },
  {
    title: '创建时间',
    dataIndex: 'createdAt',
    width: 164,
    render: (_, school) => <DateTime value={school.createdAt} />,
  },
];
