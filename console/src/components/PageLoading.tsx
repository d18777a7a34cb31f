import { Flex, Spin } from 'antd';

/** 页面内容加载中（菜单和顶栏保持不动）。 */
export const PageLoading = () => (
  <Flex align="center" justify="center" style={{ minHeight: 320 }}>
    <Spin size="large" />
  </Flex>
);

/** 整个控制台加载中，例如刚打开时确认登录状态。 */
export const FullPageLoading = () => (
  <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
    <Spin size="large" tip="正在加载…">
      <div style={{ width: 160, height: 80 }} />
    </Spin>
  </Flex>
);
