import { PageContainer } from '@ant-design/pro-components';

/** 考勤与平安短信（建设中）。 */
const Page = () => <PageContainer content="考勤与平安短信" />;

export default Page;
