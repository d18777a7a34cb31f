import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { BrandLogo } from './BrandLogo';

type AuthLayoutProps = {
  /** 卡片标题；不写则不显示（如登录页由标签页充当标题）。 */
  title?: ReactNode;
  children: ReactNode;
};

/** 登录、找回密码等未登录页面的外观：浅蓝渐变背景、标志和一张居中的卡片。 */
export const AuthLayout = ({ title, children }: AuthLayoutProps) => (
  <Flex
    vertical
    align="center"
    justify="center"
    style={{
      minHeight: '100vh',
      padding: '48px 16px',
      background: 'linear-gradient(160deg, #e8f0fe 0%, #f5f8fc 45%, #ffffff 100%)',
    }}
  >
    <Flex vertical align="center" gap={8} style={{ marginBottom: 28 }}>
      <BrandLogo size={48} />
      <Typography.Title level={2} style={{ margin: 0, letterSpacing: 2 }}>
        一卡通
      </Typography.Title>
      <Typography.Text type="secondary">校讯通 · 空中充值 · 校园卡 管理控制台</Typography.Text>
    </Flex>

    <Card style={{ width: '100%', maxWidth: 420, boxShadow: '0 6px 24px rgba(29, 95, 209, 0.08)' }}>
      {title ? (
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 24 }}>
          {title}
        </Typography.Title>
      ) : null}
      {children}
    </Card>
  </Flex>
);
