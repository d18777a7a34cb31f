import { PageContainer } from '@ant-design/pro-components';

/** 家校互动（建设中）。 */
const Page = () => <PageContainer content="家校互动" />;

export default Page;
