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
  AppstoreOutlined,
  CalculatorOutlined,
  FieldTimeOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  HomeOutlined,
  IdcardOutlined,
  InboxOutlined,
  InfoCircleOutlined,
  MessageOutlined,
  MobileOutlined,
  NotificationOutlined,
  PartitionOutlined,
  ReadOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  SmileOutlined,
  StopOutlined,
  TeamOutlined,
  UserOutlined,
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
    // 从右上角用户菜单进入，不占侧边菜单。
    path: '/account',
    name: '我的账户',
    icon: <UserOutlined />,
    hideInMenu: true,
  },
  {
    path: '/children',
    name: '我的孩子',
    icon: <SmileOutlined />,
    description: '孩子的学校、班级和校园卡限额',
    access: 'canChildren',
  },
  {
    path: '/me',
    name: '我的信息',
    icon: <IdcardOutlined />,
    description: '我的学校、班级和校园卡限额',
    access: 'canMyInfo',
  },
  {
    path: '/classes',
    name: '我的班级',
    icon: <ReadOutlined />,
    description: '我担任班主任的班级和学生',
    access: 'canMyClasses',
  },
  {
    // 班级和学生从学校、我的班级、我的孩子点进来；班主任和家长没有“机构与学校”菜单，所以不放在分组里。
    path: '/org/classes/:id',
    name: '班级详情',
    access: 'canClasses',
    hideInMenu: true,
  },
  {
    path: '/org/students/:id',
    name: '学生详情',
    access: 'canStudents',
    hideInMenu: true,
  },
  {
    path: '/org',
    name: '机构与学校',
    icon: <ApartmentOutlined />,
    children: [
      {
        path: '/org/people',
        name: '人员与角色',
        icon: <TeamOutlined />,
        description: '查找人员，添加人员，设置角色，停用账号',
        access: 'canPeople',
      },
      {
        path: '/org/agencies',
        name: '代理商与网点',
        icon: <PartitionOutlined />,
        description: '代理商的预存款、名下的营业网点和学校',
        access: 'canOrg',
      },
      {
        path: '/org/agencies/:id',
        name: '代理商详情',
        access: 'canOrg',
        hideInMenu: true,
      },
      {
        path: '/org/outlets',
        name: '营业网点',
        icon: <ShopOutlined />,
        description: '营业网点及其预存款余额',
        access: 'canOutlets',
      },
      {
        path: '/org/outlets/:id',
        name: '网点详情',
        access: 'canOutlets',
        hideInMenu: true,
      },
      {
        path: '/org/schools',
        name: '学校',
        icon: <BankOutlined />,
        description: '学校信息、班级和教职工',
        access: 'canSchools',
      },
      {
        path: '/org/schools/:id',
        name: '学校详情',
        access: 'canSchools',
        hideInMenu: true,
      },
    ],
  },
  {
    // 家长网校：手机优先的页面，家长登录后首先看到这里。
    path: '/portal',
    name: '家长网校',
    icon: <SmileOutlined />,
    description: '孩子的留言、成绩、课表、作业、考勤和亲情号码',
    access: 'canPortal',
  },
  {
    path: '/school',
    name: '校讯通',
    icon: <NotificationOutlined />,
    children: [
      {
        path: '/school/notes',
        name: '家校互动',
        icon: <MessageOutlined />,
        description: '给家长写留言：课堂表现、作业、成绩、通知',
        access: 'canNotes',
      },
      {
        path: '/school/notes/:id',
        name: '留言详情',
        access: 'canNotes',
        hideInMenu: true,
      },
      {
        path: '/school/inbox',
        name: '家长回音',
        icon: <InboxOutlined />,
        description: '家长的回复和班主任信箱',
        access: 'canInbox',
      },
      {
        path: '/school/attendance',
        name: '考勤与平安短信',
        icon: <ScheduleOutlined />,
        description: '到校、离校和缺勤，登记请假',
        access: 'canAttendance',
      },
      {
        path: '/school/classwork',
        name: '课表作业成绩',
        icon: <ReadOutlined />,
        description: '班级课表、布置作业、录入成绩',
        access: 'canClasswork',
      },
      {
        path: '/school/staff-sms',
        name: '办公短信',
        icon: <TeamOutlined />,
        description: '教职工分组，给同事发短信（免费）',
        access: 'canStaffSms',
      },
      {
        path: '/school/roster',
        name: '名册导入',
        icon: <FileProtectOutlined />,
        description: '用 Excel 或 CSV 导入学生、家长和教师',
        access: 'canRosterImport',
      },
      {
        path: '/school/settings',
        name: '学校设置与校历',
        icon: <SettingOutlined />,
        description: '到校截止时间、放学时间、节假日',
        access: 'canSchoolSettings',
      },
      {
        path: '/school/device-sim',
        name: '设备模拟器',
        icon: <MobileOutlined />,
        description: '在闸机上刷卡、用学校电话拨亲情号码',
        access: 'canDeviceSim',
      },
    ],
  },
  {
    path: '/billing',
    name: '订购与计费',
    icon: <AccountBookOutlined />,
    children: [
      {
        path: '/billing/schools',
        name: '我的学校',
        icon: <BankOutlined />,
        description: '名下学校的家校互动订购人数',
        access: 'canAgentSchools',
      },
      {
        path: '/billing/subscriptions',
        name: '订购管理',
        icon: <ProfileOutlined />,
        description: '订购列表，代客订购',
        access: 'canSubscriptions',
      },
      {
        path: '/billing/requests',
        name: '待确认',
        icon: <FieldTimeOutlined />,
        description: '代客订购等家长回复 Y 确认（24 小时内）',
        access: 'canSubscriptionRequests',
      },
      {
        path: '/billing/lookup',
        name: '订购查询',
        icon: <FileSearchOutlined />,
        description: '按号码查订购、变更记录、扣费和计费规则，应家长要求退订',
        access: 'canSubscriptionLookup',
      },
      {
        path: '/billing/commissions',
        name: '佣金',
        icon: <MoneyCollectOutlined />,
        description: '分成比例和每月佣金结算单',
        access: 'canCommissions',
      },
      {
        path: '/billing/catalog',
        name: '业务目录',
        icon: <AppstoreOutlined />,
        description: '业务、资费（改价从下月起）、在售或暂停',
        access: 'canCatalog',
      },
      {
        path: '/billing/runs',
        name: '出账',
        icon: <CalculatorOutlined />,
        description: '月度出账、进度与结果，下载运营商计费文件',
        access: 'canBillingRuns',
      },
    ],
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
        access: 'canSmsSim',
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
    // 分组不设权限：客服只看到其中的设备管理，其他角色没有可见的子页面时整个分组不显示。
    children: [
      {
        path: '/admin/jobs',
        name: '后台任务',
        icon: <ScheduleOutlined />,
        description: '任务队列、失败重试与定时任务',
        access: 'canAdmin',
      },
      {
        path: '/admin/devices',
        name: '设备管理',
        icon: <ClusterOutlined />,
        description: '闸机、POS、学校电话等设备的注册、密钥与停用',
        access: 'canDevices',
      },
      {
        path: '/admin/audit',
        name: '审计日志',
        icon: <FileProtectOutlined />,
        description: '谁在何时通过什么渠道做了什么，结果如何',
        access: 'canAudit',
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
