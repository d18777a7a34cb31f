import { PageContainer } from '@ant-design/pro-components';

/** 办公短信（建设中）。 */
const Page = () => <PageContainer content="办公短信" />;

export default Page;
