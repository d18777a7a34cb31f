import { PageContainer } from '@ant-design/pro-components';

/** 课表作业成绩（建设中）。 */
const Page = () => <PageContainer content="课表作业成绩" />;

export default Page;
