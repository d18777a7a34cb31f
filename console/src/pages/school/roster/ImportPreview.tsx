import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Progress, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { DateTime } from '../../../components/DateTime';
import { useApi } from '../../../components/useApi';
import { usePolling } from '../../../components/usePolling';
import { IMPORT_STATUS, STATUS_COLORS, STATUS_TITLES, percent, totals, type ImportLine, type LineStatus, type RosterImport } from './roster';

type Filter = 'all' | LineStatus;
const PAGE = 50;

/** 一次导入的预览：汇总、按状态筛选的各行（行号与原因）、确认应用和进度。 */
export const ImportPreview = ({ schoolId, importId, onChanged }: { schoolId: string; importId: string; onChanged: () => void }) => {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const [applying, setApplying] = useState(false);
  const path = { id: schoolId, importId };
  const detail = useApi((signal) => unwrap(api.GET('/api/schools/{id}/roster/imports/{importId}', { signal, params: { path } })));
  const rows = useApi((signal) =>
    unwrap(
      api.GET('/api/schools/{id}/roster/imports/{importId}/rows', {
        signal,
        params: { path, query: { ...(filter === 'all' ? {} : { status: filter }), limit: PAGE, offset: (page - 1) * PAGE } },
      }),
    ),
  );
  const imp: RosterImport | undefined = detail.data;
  usePolling(detail.reload, 500, applying || imp?.status === 'applying');

  const apply = async () => {
    setApplying(true);
    try {
      const r = await unwrap(api.POST('/api/schools/{id}/roster/imports/{importId}/apply', { params: { path } }));
      message.success(`已应用：新增学生 ${r.result?.studentsCreated ?? 0}，更新 ${r.result?.studentsUpdated ?? 0}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setApplying(false);
      detail.reload();
      onChanged();
    }
  };

  if (detail.error) {
    return <Alert type="error" showIcon message="无法获取这次导入" description={errorMessage(detail.error)} />;
  }
  if (!imp) {
    return <Card loading />;
  }
  const count = totals(imp);
  const s = imp.summary;
  const status = IMPORT_STATUS[imp.status];
  const busy = applying || imp.status === 'applying';
  const changes = count.new + count.changed;

  const studentCols = [
    { title: '班级', key: 'class', render: (_: unknown, l: ImportLine) => l.values['班级'] },
    { title: '学籍号 / 手机', key: 'no', render: (_: unknown, l: ImportLine) => (l.kind === 'student' ? l.values['学籍号'] : l.values['手机']) },
    { title: '姓名', key: 'name', render: (_: unknown, l: ImportLine) => (l.kind === 'student' ? l.values['学生姓名'] : `${l.values['教师姓名']}（教师）`) },
    { title: '卡号 / 科目', key: 'card', render: (_: unknown, l: ImportLine) => (l.kind === 'student' ? l.values['卡号'] : `${l.values['科目']}${l.values['是否班主任'] === '是' ? ' · 班主任' : ''}`) },
    { title: '家长', key: 'guardians', render: (_: unknown, l: ImportLine) => (l.kind === 'student' ? l.values['家长'] : '') },
  ];

  return (
    <Card
      title={
        <Space wrap>
          <span>{imp.fileName}</span>
          <Tag color={status.color} data-testid="import-status">{status.text}</Tag>
        </Space>
      }
      extra={<Typography.Text type="secondary">上传于 <DateTime value={imp.createdAt} /></Typography.Text>}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 4 }}
        items={[
          { key: 'students', label: '学生', children: `新增 ${s.students.new} · 变更 ${s.students.changed} · 未变 ${s.students.unchanged} · 错误 ${s.students.error}` },
          { key: 'teachers', label: '教师', children: `新增 ${s.teachers.new} · 变更 ${s.teachers.changed} · 未变 ${s.teachers.unchanged} · 错误 ${s.teachers.error}` },
          { key: 'classes', label: '将新建班级', children: s.newClasses.length ? s.newClasses.join('、') : '无' },
          { key: 'people', label: '将新建账号', children: `${s.newPeople} 个（家长、教师用手机号登录）` },
        ]}
      />
      {imp.status === 'previewed' && (
        <Alert
          style={{ margin: '12px 0' }}
          type={count.error > 0 ? 'warning' : 'info'}
          showIcon
          message={count.error > 0 ? `有 ${count.error} 行错误，应用时会跳过这些行；改正后可重新上传。` : '预览无误，确认后写入名册。'}
          description={imp.error ? `上次应用失败：${imp.error}（可以再次应用）` : undefined}
          action={
            <Popconfirm title="确认应用这次导入？" description={`将写入 ${changes} 行新增和变更，跳过 ${count.error} 行错误。`} okText="确认应用" cancelText="取消" onConfirm={() => void apply()} disabled={changes === 0}>
              <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} disabled={changes === 0} data-testid="roster-apply">
                {changes === 0 ? '没有需要应用的变更' : '确认应用'}
              </Button>
            </Popconfirm>
          }
        />
      )}
      {busy && (
        <div style={{ margin: '12px 0' }} data-testid="roster-progress">
          <Typography.Text>正在应用：{imp.progress.done} / {imp.progress.total}</Typography.Text>
          <Progress percent={percent(imp.progress)} status="active" />
        </div>
      )}
      {imp.status === 'applied' && imp.result && (
        <Alert
          style={{ margin: '12px 0' }}
          type="success"
          showIcon
          data-testid="roster-result"
          message="已应用到名册"
          description={`新建班级 ${imp.result.classesCreated}，新增学生 ${imp.result.studentsCreated}，更新学生 ${imp.result.studentsUpdated}，家长关系 ${imp.result.guardianGrants}，任教 ${imp.result.teacherGrants}，班主任 ${imp.result.headTeachers}，新账号 ${imp.result.peopleCreated}；未变 ${imp.result.unchanged}，跳过错误行 ${imp.result.skippedErrors}。`}
        />
      )}
      {imp.status === 'expired' && <Alert style={{ margin: '12px 0' }} type="info" showIcon message="预览已过期（超过 24 小时未应用），请重新上传文件" />}
      <Tabs
        activeKey={filter}
        onChange={(k) => {
          setFilter(k as Filter);
          setPage(1);
          rows.reload();
        }}
        items={[
          { key: 'all', label: `全部 ${count.new + count.changed + count.unchanged + count.error}` },
          ...(['error', 'new', 'changed', 'unchanged'] as const).map((k) => ({ key: k, label: `${STATUS_TITLES[k]} ${count[k]}` })),
        ]}
      />
      {rows.error ? (
        <Alert type="error" showIcon message="无法获取预览的行" description={errorMessage(rows.error)} />
      ) : (
        <Table<ImportLine>
          size="small"
          rowKey={(l) => `${l.kind}-${l.rowNo}`}
          loading={rows.loading}
          dataSource={rows.data?.items ?? []}
          scroll={{ x: 900 }}
          data-testid="roster-rows"
          pagination={{
            current: page,
            pageSize: PAGE,
            total: rows.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 行`,
            onChange: (p) => {
              setPage(p);
              rows.reload();
            },
          }}
          columns={[
            { title: '行号', dataIndex: 'rowNo', width: 70 },
            { title: '状态', dataIndex: 'status', width: 80, render: (v: LineStatus) => <Tag color={STATUS_COLORS[v]}>{STATUS_TITLES[v]}</Tag> },
            ...studentCols,
            {
              title: '原因 / 变更',
              dataIndex: 'notes',
              render: (notes: string[], l: ImportLine) => (
                <Typography.Text type={l.status === 'error' ? 'danger' : undefined}>{notes.join('；')}</Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
};
