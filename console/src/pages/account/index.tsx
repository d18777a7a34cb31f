/**
 * 我的账户（右上角用户菜单进入）：基本信息和手机号、修改密码、登录设备、API 令牌。
 * 标签页记在地址里（?tab=sessions），刷新或分享链接时停在同一页。
 */
import { PageContainer } from '@ant-design/pro-components';
import { useSearchParams } from 'react-router-dom';
import { PasswordTab } from './components/PasswordTab';
import { ProfileTab } from './components/ProfileTab';
import { SessionsTab } from './components/SessionsTab';
import { TokensTab } from './components/TokensTab';

const TABS = [
  { key: 'profile', tab: '基本信息' },
  { key: 'password', tab: '修改密码' },
  { key: 'sessions', tab: '登录设备' },
  { key: 'tokens', tab: 'API 令牌' },
] as const;

type TabKey = (typeof TABS)[number]['key'];

const isTab = (value: string | null): value is TabKey => TABS.some((tab) => tab.key === value);

const AccountPage = () => {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: TabKey = isTab(requested) ? requested : 'profile';

  return (
    <PageContainer
      content="你自己的账号信息和登录安全。这里的操作只影响你本人的账号。"
      tabList={TABS.map((tab) => ({ key: tab.key, tab: tab.tab }))}
      tabActiveKey={active}
      onTabChange={(key) => setParams(key === 'profile' ? {} : { tab: key }, { replace: true })}
    >
      {active === 'profile' ? <ProfileTab /> : null}
      {active === 'password' ? <PasswordTab /> : null}
      {active === 'sessions' ? <SessionsTab /> : null}
      {active === 'tokens' ? <TokensTab /> : null}
    </PageContainer>
  );
};

export default AccountPage;
