import { PageContainer } from '@ant-design/pro-components';

/** 名册导入（建设中）。 */
const Page = () => <PageContainer content="名册导入" />;

export default Page;
