import { PageContainer } from '@ant-design/pro-components';

/** 设备模拟器（建设中）。 */
const Page = () => <PageContainer content="设备模拟器" />;

export default Page;
