import { PageContainer } from '@ant-design/pro-components';
import { Button, Card, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../../app/request';

type LoadFailedProps = {
  /** 页面标题，如“学校详情”。 */
  title: string;
  /** 找不到时的说法，如“学校不存在”。 */
  missing: string;
  error: unknown;
  /** 返回到哪里（列表页）；不给时返回首页。 */
  back?: { to: string; label: string };
};

/** 详情页取不到数据：不存在（404）、无权查看（403）或其他错误。 */
export const LoadFailed = ({ title, missing, error, back = { to: '/', label: '返回首页' } }: LoadFailedProps) => {
  const navigate = useNavigate();
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <PageContainer title={title}>
      <Card>
        <Result
          status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
          title={status === 404 ? missing : status === 403 ? '无权查看' : '无法获取信息'}
          subTitle={errorMessage(error)}
          extra={
            <Button type="primary" onClick={() => navigate(back.to)}>
              {back.label}
            </Button>
          }
        />
      </Card>
    </PageContainer>
  );
};
