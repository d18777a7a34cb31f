import { CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Empty, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../../app/request';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { canAt } from '../../org/org';
import { ImportPreview } from './ImportPreview';
import { IMPORT_STATUS, fileToBase64, totals, type RosterImport } from './roster';

/**
 * 名册导入：下载模板，上传 .xlsx 或 CSV（UTF-8 或 GBK），先看预览（新增 / 变更 / 未变 / 错误，
 * 带行号和原因），确认后应用并显示进度；下方是本校的导入记录。地址带 ?school=…&import=…。
 */
const RosterPage = () => {
  const { user } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [uploading, setUploading] = useState(false);
  const schools = useApi((signal) => unwrap(api.GET('/api/schools', { signal, params: { query: { limit: 200 } } })));
  const mine = (schools.data?.items ?? []).filter((s) => canAt(user, 'canRosterImport', { agency: s.agencyId, school: s.id }));
  const school = mine.find((s) => s.id === params.get('school')) ?? mine[0];
  const history = useApi(async (signal) => (school ? unwrap(api.GET('/api/schools/{id}/roster/imports', { signal, params: { path: { id: school.id } } })) : null));
  const items: RosterImport[] = history.data?.items ?? [];
  const wanted = params.get('import');
  const current = items.find((i) => i.id === wanted) ?? (wanted ? undefined : items.find((i) => i.status === 'previewed' || i.status === 'applying'));
  const go = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null) {merged.delete(k);}
      else {merged.set(k, v);}
    }
    setParams(merged, { replace: true });
  };
  const schoolKey = school?.id ?? '';
  const [seenSchool, setSeenSchool] = useState(schoolKey);
  if (seenSchool !== schoolKey) {
    setSeenSchool(schoolKey);
    history.reload();
  }

  const upload = async (file: File) => {
    if (!school) {return;}
    if (file.size > 6 * 1024 * 1024) {
      message.error('文件太大：名册文件不超过 6 MB');
      return;
    }
    setUploading(true);
    try {
      const imp = await unwrap(api.POST('/api/schools/{id}/roster/imports', { params: { path: { id: school.id } }, body: { fileName: file.name, file: await fileToBase64(file) } }));
      message.success('已生成预览，请核对后确认应用');
      go({ import: imp.id });
      history.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };

  return (
    <PageContainer
      title="名册导入"
      content="用模板整理学生、家长和教师，上传后先预览（新增、变更、未变、错误及原因），确认后才写入名册。同一手机号的家长是同一个人，兄弟姐妹共用；同一文件重复导入不会有任何变化。"
      extra={
        mine.length > 1 && (
          <Select
            style={{ minWidth: 200 }}
            value={school?.id}
            onChange={(id: string) => go({ school: id, import: null })}
            options={mine.map((s) => ({ value: s.id, label: s.name }))}
            aria-label="学校"
            data-testid="roster-school"
          />
        )
      }
    >
      {schools.error ? (
        <Alert type="error" showIcon message="无法获取学校" description={errorMessage(schools.error)} />
      ) : !schools.data ? (
        <Card loading />
      ) : !school ? (
        <Card>
          <Empty description="没有可以导入名册的学校" />
        </Card>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card>
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={`/api/schools/${school.id}/roster/template`} data-testid="roster-template">
                下载模板
              </Button>
              <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
                <Button type="primary" icon={<CloudUploadOutlined />} loading={uploading} data-testid="roster-upload">
                  上传名册（.xlsx / CSV）
                </Button>
              </Upload>
              <Typography.Text type="secondary">{school.name} · 一次最多 20000 行；CSV 可为 UTF-8 或 Excel 默认的 GBK 编码</Typography.Text>
            </Space>
          </Card>
          {current && <ImportPreview key={current.id} schoolId={school.id} importId={current.id} onChanged={history.reload} />}
          <Card title="导入记录">
            {history.error ? (
              <Alert type="error" showIcon message="无法获取导入记录" description={errorMessage(history.error)} />
            ) : (
              <Table<RosterImport>
                size="small"
                rowKey="id"
                loading={history.loading}
                dataSource={items}
                pagination={false}
                scroll={{ x: 700 }}
                locale={{ emptyText: '还没有导入过名册' }}
                columns={[
                  { title: '文件', dataIndex: 'fileName' },
                  { title: '上传时间', dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
                  { title: '状态', dataIndex: 'status', render: (v: RosterImport['status']) => <Tag color={IMPORT_STATUS[v].color}>{IMPORT_STATUS[v].text}</Tag> },
                  {
                    title: '新增 / 变更 / 未变 / 错误',
                    key: 'counts',
                    render: (_: unknown, r: RosterImport) => {
                      const c = totals(r);
                      return `${c.new} / ${c.changed} / ${c.unchanged} / ${c.error}`;
                    },
                  },
                  {
                    title: '',
                    key: 'open',
                    render: (_: unknown, r: RosterImport) =>
                      r.id === current?.id ? <Typography.Text type="secondary">正在查看</Typography.Text> : <Button type="link" onClick={() => go({ import: r.id })}>查看</Button>,
                  },
                ]}
              />
            )}
          </Card>
        </Space>
      )}
    </PageContainer>
  );
};

export default RosterPage;
