/**
 * 控制台的路由表：菜单、面包屑、首页快捷入口和路由守卫都从这里生成。
 * 每个没有子菜单的路由是一个页面，页面组件在 router.tsx 的 PAGES 里按地址登记
 * （这里不引用页面组件，页面才可以反过来读取路由表而不形成循环依赖）。
 *
 * 字段说明：
 * - path：页面地址（绝对路径）；
 * - name：菜单和页面标题上显示的中文名；
 * - icon：菜单图标；
 * - access：需要的权限名，见 access.ts；不写表示登录即可访问；
 * - children：子菜单。分组没有自己的页面，访问分组地址时转到第一个可见的子页面；
 * - description：首页“常用功能”里的一句话说明；
 * - hideInMenu：可以访问但不出现在菜单里（如带参数的详情页），也不出现在首页快捷入口里。
 */
import {
  AccountBookOutlined,
  ApiOutlined,
  AuditOutlined,
  FileSearchOutlined,
  HomeOutlined,
  InboxOutlined,
  InfoCircleOutlined,
  MessageOutlined,
  MobileOutlined,
  NotificationOutlined,
  ScheduleOutlined,
  SettingOutlined,
  StopOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { canSee, type AccessUser, type Permission } from './access';

export type AppRoute = {
  path: string;
  name: string;
  icon?: ReactNode;
  access?: Permission;
  children?: readonly AppRoute[];
  description?: string;
  hideInMenu?: boolean;
};

export const appRoutes = [
  {
    path: '/',
    name: '首页',
    icon: <HomeOutlined />,
  },
  {
    path: '/sms',
    name: '短信中心',
    icon: <MessageOutlined />,
    access: 'canSms',
    children: [
      {
        path: '/sms/simulator',
        name: '短信模拟器',
        icon: <MobileOutlined />,
        description: '模拟手机收发短信，试试退订、回复',
        access: 'canSms',
      },
      {
        path: '/sms/messages',
        name: '短信查询',
        icon: <FileSearchOutlined />,
        description: '查短信的状态和过程，发送短信',
        access: 'canSms',
      },
      {
        path: '/sms/messages/:id',
        name: '短信详情',
        access: 'canSms',
        hideInMenu: true,
      },
      {
        path: '/sms/bulks',
        name: '群发',
        icon: <NotificationOutlined />,
        description: '一次发给多个号码，看送达报告',
        access: 'canSms',
      },
      {
        path: '/sms/bulks/:id',
        name: '群发报告',
        access: 'canSms',
        hideInMenu: true,
      },
      {
        path: '/sms/mo',
        name: '上行短信',
        icon: <InboxOutlined />,
        description: '用户发来的短信及处理结果',
        access: 'canSms',
      },
      {
        path: '/sms/optouts',
        name: '退订名单',
        icon: <StopOutlined />,
        description: '退订的号码，加入或恢复接收',
        access: 'canSms',
      },
      {
        path: '/sms/gateways',
        name: '网关状态',
        icon: <ApiOutlined />,
        description: '网关的连接、窗口、速率和错误',
        access: 'canSms',
      },
    ],
  },
  {
    path: '/ledger',
    name: '账务管理',
    icon: <AccountBookOutlined />,
    access: 'canLedger',
    children: [
      {
        path: '/ledger/accounts',
        name: '账户余额',
        icon: <WalletOutlined />,
        description: '各账户的余额与冻结，开户、转账',
        access: 'canLedger',
      },
      {
        path: '/ledger/accounts/:id',
        name: '账户详情',
        access: 'canLedger',
        hideInMenu: true,
      },
      {
        path: '/ledger/verify',
        name: '账务核验',
        icon: <AuditOutlined />,
        description: '核对借贷平衡、余额与流水、哈希链',
        access: 'canLedger',
      },
    ],
  },
  {
    path: '/admin',
    name: '系统管理',
    icon: <SettingOutlined />,
    access: 'canAdmin',
    children: [
      {
        path: '/admin/jobs',
        name: '后台任务',
        icon: <ScheduleOutlined />,
        description: '任务队列、失败重试与定时任务',
        access: 'canAdmin',
      },
      {
        path: '/admin/system',
        name: '系统信息',
        icon: <InfoCircleOutlined />,
        description: '版本、数据库、业务时区与运维入口',
        access: 'canAdmin',
      },
    ],
  },
] as const satisfies readonly AppRoute[];

type PagePathOf<R> = R extends { readonly children: readonly (infer C)[] }
  ? PagePathOf<C>
  : R extends { readonly path: infer P extends string }
    ? P
    : never;

/** 所有页面的地址；router.tsx 必须为每一个登记页面组件。 */
export type PagePath = PagePathOf<(typeof appRoutes)[number]>;

/** 当前用户能看到的菜单：去掉无权访问的页面，以及因此变空的分组。 */
export const visibleRoutes = (user: AccessUser, routes: readonly AppRoute[] = appRoutes): AppRoute[] =>
  routes.flatMap((route) => {
    if (!canSee(user, route.access)) {
      return [];
    }
    if (!route.children) {
      return [route];
    }
    const children = visibleRoutes(user, route.children);
    return children.length > 0 ? [{ ...route, children }] : [];
  });

/** 按地址查找路由（含子菜单）。 */
export const findRoute = (routes: readonly AppRoute[], path: string): AppRoute | undefined => {
  for (const route of routes) {
    if (route.path === path) {
      return route;
    }
    const child = findRoute(route.children ?? [], path);
    if (child) {
      return child;
    }
  }
  return undefined;
};

/** 路由表里的页面（没有子菜单的路由），供路由器注册。 */
export const pageRoutes = (routes: readonly AppRoute[] = appRoutes): (AppRoute & { path: PagePath })[] =>
  routes.flatMap((route) =>
    route.children ? pageRoutes(route.children) : [{ ...route, path: route.path as PagePath }],
  );

/** 有子菜单的分组。 */
export const groupRoutes = (routes: readonly AppRoute[] = appRoutes): AppRoute[] =>
  routes.flatMap((route) => (route.children ? [route, ...groupRoutes(route.children)] : []));
