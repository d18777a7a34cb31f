import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';

/** 403：已登录，但角色不允许访问这个页面。 */
const ForbiddenPage = () => {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="您的账号没有访问此页面的权限。如需开通，请联系运营商管理员。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回首页
        </Button>
      }
    />
  );
};

export default ForbiddenPage;
