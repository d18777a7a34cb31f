import { PageContainer } from '@ant-design/pro-components';

/** 留言详情（建设中）。 */
const Page = () => <PageContainer content="留言详情" />;

export default Page;
