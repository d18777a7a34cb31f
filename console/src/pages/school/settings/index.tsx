import { PageContainer } from '@ant-design/pro-components';

/** 学校设置与校历（建设中）。 */
const Page = () => <PageContainer content="学校设置与校历" />;

export default Page;
