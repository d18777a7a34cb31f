import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { App, Dropdown, type MenuProps } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { BrandLogo } from '../components/BrandLogo';
import { PageLoading } from '../components/PageLoading';
import { roleNames } from './access';
import { api, errorMessage, isUnauthorized, LOGIN_PATH, setCsrfToken } from './request';
import { visibleRoutes, type AppRoute } from './routes';
import { useSession } from './session';

const toMenu = (routes: readonly AppRoute[]): MenuDataItem[] =>
  routes.map((route) => ({
    path: route.path,
    name: route.name,
    icon: route.icon,
    hideInMenu: route.hideInMenu,
    children: route.children ? toMenu(route.children) : undefined,
  }));

/** 控制台外壳：顶栏（产品名、当前用户、退出登录）+ 按角色过滤的侧边菜单。 */
const AppLayout = () => {
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [loggingOut, setLoggingOut] = useState(false);

  const menu = useMemo(() => ({ path: '/', children: toMenu(visibleRoutes(user)) }), [user]);

  const logout = async () => {
    setLoggingOut(true);
    try {
      await api.POST('/api/auth/logout');
    } catch (error) {
      // 会话已经失效也算退出成功；其他失败（如断网）留在原页面，避免用户以为已经退出。
      if (!isUnauthorized(error)) {
        message.error(errorMessage(error));
        setLoggingOut(false);
        return;
      }
    }
    setCsrfToken(null);
    navigate(LOGIN_PATH, { replace: true });
  };

  const userMenu: MenuProps = {
    items: [
      {
        key: 'roles',
        label: roleNames(user).join('、') || '未分配角色',
        disabled: true,
      },
      { type: 'divider' },
      { key: 'account', icon: <UserOutlined />, label: '我的账户' },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        label: loggingOut ? '正在退出…' : '退出登录',
        danger: true,
        disabled: loggingOut,
      },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') {
        void logout();
      } else if (key === 'account') {
        navigate('/account');
      }
    },
  };

  return (
    <ProLayout
      title="一卡通"
      logo={<BrandLogo size={28} />}
      layout="mix"
      fixSiderbar
      fixedHeader
      siderWidth={216}
      location={{ pathname: location.pathname }}
      route={menu}
      // 分组默认全部展开；切换页面时不收起其他分组（autoClose: false），用户手动收起的保持收起。
      menu={{ locale: false, defaultOpenAll: true, autoClose: false }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      onMenuHeaderClick={() => navigate('/')}
      breadcrumbProps={{
        itemRender: (route) =>
          route.linkPath && route.linkPath !== location.pathname ? (
            <Link to={route.linkPath}>{route.title}</Link>
          ) : (
            <span>{route.title}</span>
          ),
      }}
      avatarProps={{
        size: 'small',
        title: user.name,
        children: user.name.slice(0, 1),
        style: { backgroundColor: '#1d5fd1' },
        render: (_props, dom) => (
          <Dropdown menu={userMenu} placement="bottomRight" trigger={['click', 'hover']}>
            <span data-testid="current-user" style={{ cursor: 'pointer' }}>
              {dom}
            </span>
          </Dropdown>
        ),
      }}
      token={{
        header: { colorBgHeader: '#ffffff' },
        sider: {
          colorMenuBackground: '#ffffff',
          colorBgMenuItemSelected: '#e8f0fe',
          colorTextMenuSelected: '#1d5fd1',
        },
        pageContainer: {
          paddingBlockPageContainerContent: 20,
          paddingInlinePageContainerContent: 24,
        },
      }}
    >
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </ProLayout>
  );
};

export default AppLayout;
