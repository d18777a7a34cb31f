import { PageContainer } from '@ant-design/pro-components';

/** 家长回音（建设中）。 */
const Page = () => <PageContainer content="家长回音" />;

export default Page;
