import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card, Col, Result, Row } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../app/request';
import { useSimInfo } from '../components/hooks';
import { normalizeMsisdn } from '../sms';
import { Phone } from './components/Phone';
import { PhonePicker, QUICK_PICKS } from './components/PhonePicker';

/**
 * 短信中心 › 短信模拟器：选一个号码，就像拿起一部手机。右边是它收到的短信（每 2 秒刷新）和
 * 它发出的短信；在下面写短信发到服务代码，平台就按上行短信处理（TD 退订、JX 订阅、回复老师…）。
 * 只在 SMS_GATEWAY 为 sim://（默认）时可用。
 */
const SimulatorPage = () => {
  const [searchParams, setSearchParams] = useSearchParams();
  const info = useSimInfo();
  // 号码放在地址里：从短信详情点“在模拟器中查看”可以直接打开那部手机。
  const msisdn = normalizeMsisdn(searchParams.get('msisdn') ?? '') ?? QUICK_PICKS[0].msisdn;
  const pick = (next: string) => setSearchParams({ msisdn: next }, { replace: true });
  const sim = info.data;

  return (
    <PageContainer content="不需要真实手机和运营商：选一个号码，看它收到的短信，也可以用它给平台发短信（上行），试一试退订、订阅和回复。">
      {info.error && !sim ? (
        <Alert type="error" showIcon message="无法获取模拟器信息" description={errorMessage(info.error)} style={{ marginBottom: 16 }} />
      ) : null}
      {sim && !sim.enabled ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="未启用短信模拟器"
          description={
            <span>
              当前配置的短信网关（环境变量 SMS_GATEWAY）不是 <code>sim://</code>，短信经真实的 CMPP / SMPP 网关发往运营商，
              没有可以模拟的手机。要使用模拟器，请以 <code>SMS_GATEWAY=sim://</code>（默认值）启动服务；真实网关的状态见“网关状态”。
            </span>
          }
        />
      ) : null}
      {sim && sim.enabled && !sim.running ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="短信模拟器未运行"
          description="本进程没有启动后台任务，模拟手机暂时不能发短信，发出的短信也不会送达。请检查服务的启动方式后刷新本页。"
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xl={8}>
          <PhonePicker key={msisdn} value={msisdn} info={sim} onPick={pick} />
        </Col>
        <Col xs={24} lg={15} xl={16}>
          <Card styles={{ body: { padding: '24px 16px', background: '#fafbfc' } }} style={{ height: '100%' }} loading={info.loading && !sim}>
            {sim && !sim.enabled ? (
              <Result status="info" title="模拟器未启用" subTitle="SMS_GATEWAY 不是 sim://，没有模拟手机可以打开" />
            ) : sim ? (
              <Phone key={msisdn} msisdn={msisdn} serviceCode={sim.serviceCode} running={sim.running} />
            ) : null}
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
};

export default SimulatorPage;
