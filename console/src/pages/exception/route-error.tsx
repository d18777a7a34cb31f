import { Button, Flex, Result } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { errorMessage } from '../../app/request';

/**
 * 页面无法打开时的兜底：确认登录状态失败（如服务未启动）、页面渲染出错，
 * 或发布新版本后旧页面的代码块已不存在。fullPage 为 false 时显示在控制台外壳的内容区里。
 */
const RouteErrorPage = ({ fullPage = false }: { fullPage?: boolean }) => {
  const error = useRouteError();
  const description = isRouteErrorResponse(error)
    ? `请求失败（状态码 ${error.status}），请稍后重试`
    : error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message)
      ? '控制台已更新，请刷新页面加载新版本。'
      : errorMessage(error);
  return (
    <Flex align="center" justify="center" style={{ minHeight: fullPage ? '100vh' : 400 }}>
      <Result
        status="warning"
        title="页面加载失败"
        subTitle={description}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            重新加载
          </Button>
        }
      />
    </Flex>
  );
};

export default RouteErrorPage;
