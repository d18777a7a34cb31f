import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router-dom';
import { FullPageLoading, PageLoading } from '../components/PageLoading';
import RouteErrorPage from '../pages/exception/route-error';
import { canSee, type Permission } from './access';
import { FORGOT_PASSWORD_PATH, LOGIN_PATH, setUnauthorizedHandler } from './request';
import { appRoutes, findRoute, groupRoutes, pageRoutes, visibleRoutes, type PagePath } from './routes';
import { SESSION_ROUTE_ID, sessionLoader, useSession } from './session';

// 控制台外壳（ProLayout）也按需加载：只打开登录页时不必下载菜单和布局的代码。
const AppLayout = lazy(() => import('./layout'));
const LoginPage = lazy(() => import('../pages/login'));
const ForgotPasswordPage = lazy(() => import('../pages/forgot-password'));
const ForbiddenPage = lazy(() => import('../pages/exception/forbidden'));
const NotFoundPage = lazy(() => import('../pages/exception/not-found'));

/** 每个页面地址对应的页面组件，按需加载（每个页面一个独立的代码块）。 */
const PAGES: Record<PagePath, LazyExoticComponent<ComponentType>> = {
  '/': lazy(() => import('../pages/home')),
  '/account': lazy(() => import('../pages/account')),
  '/children': lazy(() => import('../pages/org/children')),
  '/me': lazy(() => import('../pages/org/children')),
  '/classes': lazy(() => import('../pages/org/classes')),
  '/org/classes/:id': lazy(() => import('../pages/org/class')),
  '/org/students/:id': lazy(() => import('../pages/org/student')),
  '/org/people': lazy(() => import('../pages/org/people')),
  '/org/agencies': lazy(() => import('../pages/org/agencies')),
  '/org/agencies/:id': lazy(() => import('../pages/org/agency')),
  '/org/outlets': lazy(() => import('../pages/org/outlets')),
  '/org/outlets/:id': lazy(() => import('../pages/org/outlet')),
  '/org/schools': lazy(() => import('../pages/org/schools')),
  '/org/schools/:id': lazy(() => import('../pages/org/school')),
  '/portal': lazy(() => import('../pages/portal')),
  '/school/notes': lazy(() => import('../pages/school/notes')),
  '/school/notes/:id': lazy(() => import('../pages/school/note')),
  '/school/inbox': lazy(() => import('../pages/school/inbox')),
  '/school/attendance': lazy(() => import('../pages/school/attendance')),
  '/school/classwork': lazy(() => import('../pages/school/classwork')),
  '/school/staff-sms': lazy(() => import('../pages/school/staff-sms')),
  '/school/roster': lazy(() => import('../pages/school/roster')),
  '/school/settings': lazy(() => import('../pages/school/settings')),
  '/school/device-sim': lazy(() => import('../pages/school/device-sim')),
  '/billing/schools': lazy(() => import('../pages/billing/schools')),
  '/billing/subscriptions': lazy(() => import('../pages/billing/subscriptions')),
  '/billing/requests': lazy(() => import('../pages/billing/requests')),
  '/billing/lookup': lazy(() => import('../pages/billing/lookup')),
  '/billing/commissions': lazy(() => import('../pages/billing/commissions')),
  '/billing/catalog': lazy(() => import('../pages/billing/catalog')),
  '/billing/runs': lazy(() => import('../pages/billing/runs')),
  '/sms/simulator': lazy(() => import('../pages/sms/simulator')),
  '/sms/messages': lazy(() => import('../pages/sms/messages')),
  '/sms/messages/:id': lazy(() => import('../pages/sms/message')),
  '/sms/bulks': lazy(() => import('../pages/sms/bulks')),
  '/sms/bulks/:id': lazy(() => import('../pages/sms/bulk')),
  '/sms/mo': lazy(() => import('../pages/sms/mo')),
  '/sms/optouts': lazy(() => import('../pages/sms/optouts')),
  '/sms/gateways': lazy(() => import('../pages/sms/gateways')),
  '/ledger/accounts': lazy(() => import('../pages/ledger/accounts')),
  '/ledger/accounts/:id': lazy(() => import('../pages/ledger/account')),
  '/ledger/verify': lazy(() => import('../pages/ledger/verify')),
  '/admin/jobs': lazy(() => import('../pages/admin/jobs')),
  '/admin/devices': lazy(() => import('../pages/admin/devices')),
  '/admin/audit': lazy(() => import('../pages/admin/audit')),
  '/admin/system': lazy(() => import('../pages/admin/system')),
};

const render = (Page: LazyExoticComponent<ComponentType>) => (
  <Suspense fallback={<PageLoading />}>
    <Page />
  </Suspense>
);

/** 路由守卫：权限不够时原地显示“无权访问”，地址不变，方便用户截图反馈。 */
const Guarded = ({ page, permission }: { page: LazyExoticComponent<ComponentType>; permission?: Permission }) => {
  const { user } = useSession();
  return canSee(user, permission) ? render(page) : render(ForbiddenPage);
};

/** 访问只有子菜单的分组地址（如 /admin）时，转到其中第一个有权访问的页面。 */
const GroupRedirect = ({ path }: { path: string }) => {
  const { user } = useSession();
  const first = findRoute(visibleRoutes(user), path)?.children?.find((child) => !child.hideInMenu);
  return first ? <Navigate to={first.path} replace /> : render(ForbiddenPage);
};

const children: RouteObject[] = [
  ...pageRoutes(appRoutes).map((route): RouteObject => {
    const element = <Guarded page={PAGES[route.path]} permission={route.access} />;
    return route.path === '/' ? { index: true, element } : { path: route.path, element };
  }),
  ...groupRoutes(appRoutes).map((route): RouteObject => ({ path: route.path, element: <GroupRedirect path={route.path} /> })),
  { path: '*', element: render(NotFoundPage) },
];

export const router = createBrowserRouter(
  [
    // 不需要登录的页面，在控制台外壳（会话检查）之外。
    { path: LOGIN_PATH, element: render(LoginPage), errorElement: <RouteErrorPage fullPage /> },
    { path: FORGOT_PASSWORD_PATH, element: render(ForgotPasswordPage), errorElement: <RouteErrorPage fullPage /> },
    {
      id: SESSION_ROUTE_ID,
      path: '/',
      loader: sessionLoader,
      // 已登录的页面之间切换不必重新确认会话；退出登录后会重新进入这里。
      shouldRevalidate: () => false,
      element: (
        <Suspense fallback={<FullPageLoading />}>
          <AppLayout />
        </Suspense>
      ),
      hydrateFallbackElement: <FullPageLoading />,
      errorElement: <RouteErrorPage fullPage />,
      // 页面自身出错时只替换内容区，菜单和顶栏保留，用户可以去别的页面。
      children: [{ errorElement: <RouteErrorPage />, children }],
    },
  ],
  {
    future: {
      v7_fetcherPersist: true,
      v7_normalizeFormMethod: true,
      v7_partialHydration: true,
      v7_relativeSplatPath: true,
      v7_skipActionErrorRevalidation: true,
    },
  },
);

// 接口返回 401 时在站内跳到登录页，而不是整页刷新。
setUnauthorizedHandler((to) => {
  void router.navigate(to, { replace: true });
});
