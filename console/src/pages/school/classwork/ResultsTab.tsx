import { CloudUploadOutlined, DownloadOutlined, NotificationOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Empty, Input, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../../../app/request';
import { FormModal } from '../../../components/FormModal';
import { useApi } from '../../../components/useApi';
import { fileToBase64, type ResultsSheet } from './classwork';

const SUBJECTS = ['语文', '数学', '英语', '科学', '道德与法治'];
type ExamValues = { name: string; subjects: string[]; day: string; fullMarks?: number };

/** 一场考试的成绩表：学生 × 科目，可直接录入，也可下载模板填好后导入。 */
const Sheet = ({ classId, examId, onPublished }: { classId: string; examId: string; onPublished: () => void }) => {
  const { message, modal } = App.useApp();
  const sheet = useApi((signal) => unwrap(api.GET('/api/classes/{id}/exams/{examId}/results', { signal, params: { path: { id: classId, examId } } })));
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'save' | 'import' | 'publish' | null>(null);
  const [failure, setFailure] = useState<{ message: string; problems?: string[] } | null>(null);
  useEffect(() => setEdits({}), [examId]);

  if (sheet.error) {return <Alert type="error" showIcon message="无法获取成绩" description={errorMessage(sheet.error)} />;}
  const s: ResultsSheet | undefined = sheet.data;
  if (!s) {return <Card loading />;}
  const cellKey = (studentId: string, subject: string) => `${studentId}|${subject}`;
  const dirty = Object.keys(edits).length;

  const problemsOf = (error: unknown): string[] | undefined => {
    const d = (error as { details?: { problems?: { row: number; name?: string; subject?: string; message: string }[] } }).details;
    return d?.problems?.map((p) => `${p.name ?? `第 ${p.row} 行`}${p.subject ? ` ${p.subject}` : ''}：${p.message}`);
  };

  const save = async () => {
    setBusy('save');
    setFailure(null);
    try {
      const cells = Object.entries(edits).map(([k, value]) => {
        const [studentId, subject] = k.split('|') as [string, string];
        return { studentId, subject, value: value.trim() };
      });
      await unwrap(api.PUT('/api/classes/{id}/exams/{examId}/results', { params: { path: { id: classId, examId } }, body: { cells } }));
      message.success(`已保存 ${cells.length} 个成绩`);
      setEdits({});
      sheet.reload();
    } catch (error) {
      setFailure({ message: errorMessage(error), problems: problemsOf(error) });
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    setBusy('import');
    setFailure(null);
    try {
      const r = await unwrap(api.POST('/api/classes/{id}/exams/{examId}/import', { params: { path: { id: classId, examId } }, body: { file: await fileToBase64(file) } }));
      message.success(`已导入 ${r.imported} 个成绩`);
      setEdits({});
      sheet.reload();
    } catch (error) {
      setFailure({ message: errorMessage(error), problems: problemsOf(error) });
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    setBusy('publish');
    setFailure(null);
    try {
      const r = await unwrap(api.POST('/api/classes/{id}/exams/{examId}/publish', { params: { path: { id: classId, examId } } }));
      modal.success({ title: '成绩已发布', content: `家长在家长网校只看到自己孩子的成绩。${r.notified.message}` });
      sheet.reload();
      onPublished();
    } catch (error) {
      setFailure({ message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const published = s.exam.publishedAt !== null;
  return (
    <Card
      title={
        <Space wrap>
          <span>{s.exam.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{s.exam.day} · 满分 {s.exam.fullMarks}</Typography.Text>
          {published ? <Tag color="green" bordered={false}>已发布</Tag> : <Tag bordered={false}>未发布</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={`/api/classes/${classId}/exams/${examId}/template`} data-testid="results-template">下载模板</Button>
          <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
            <Button icon={<CloudUploadOutlined />} loading={busy === 'import'} data-testid="results-import">导入 Excel</Button>
          </Upload>
          <Button type="primary" icon={<SaveOutlined />} disabled={dirty === 0} loading={busy === 'save'} onClick={() => void save()} data-testid="results-save">
            保存成绩{dirty > 0 ? `（${dirty}）` : ''}
          </Button>
          {!published && (
            <Popconfirm
              title="发布成绩？"
              description="每位家长只收到、只看到自己孩子的成绩，不排名。"
              okText="发布"
              cancelText="取消"
              disabled={s.entered === 0 || dirty > 0}
              onConfirm={() => void publish()}
            >
              <Button icon={<NotificationOutlined />} disabled={s.entered === 0 || dirty > 0} loading={busy === 'publish'} data-testid="results-publish">发布并通知家长</Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        分数可带一位小数（如 92.5），也可填等级（优、良、中、差、A–E、缺考）；空白表示没有成绩。有一处不正确时全部不保存。
      </Typography.Paragraph>
      {failure && (
        <Alert
          type="error"
          showIcon
          message={failure.message}
          description={failure.problems && failure.problems.length > 1 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{failure.problems.slice(0, 10).map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table
        size="small"
        bordered
        rowKey="studentId"
        pagination={false}
        dataSource={s.rows}
        scroll={{ x: 200 + s.exam.subjects.length * 110 }}
        locale={{ emptyText: <Empty description="本班还没有学生" /> }}
        columns={[
          { title: '学籍号', dataIndex: 'studentNo', width: 110 },
          { title: '姓名', dataIndex: 'name', width: 100 },
          ...s.exam.subjects.map((subject) => ({
            title: subject,
            key: subject,
            width: 110,
            render: (_: unknown, row: ResultsSheet['rows'][number]) => {
              const k = cellKey(row.studentId, subject);
              const value = edits[k] ?? row.results[subject] ?? '';
              return (
                <Input
                  size="small"
                  value={value}
                  maxLength={10}
                  aria-label={`${row.name} ${subject}`}
                  status={edits[k] !== undefined ? 'warning' : undefined}
                  onChange={(e) => {
                    const next = { ...edits };
                    if (e.target.value === (row.results[subject] ?? '')) {delete next[k];}
                    else {next[k] = e.target.value;}
                    setEdits(next);
                  }}
                />
              );
            },
          })),
        ]}
      />
    </Card>
  );
};

/** 成绩：本班的考试，新建考试，录入、导入、发布。 */
export const ResultsTab = ({ classId }: { classId: string }) => {
  const { message } = App.useApp();
  const exams = useApi((signal) => unwrap(api.GET('/api/classes/{id}/exams', { signal, params: { path: { id: classId } } })));
  const [examId, setExamId] = useState<string | null>(null);
  const [creating, setCreating] = useState({ round: 0, open: false });
  const list = exams.data?.items ?? [];
  const current = list.find((e) => e.id === examId) ?? list[0];

  if (exams.error) {return <Alert type="error" showIcon message="无法获取考试" description={errorMessage(exams.error)} />;}
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Select
          style={{ minWidth: 260 }}
          placeholder="选择考试"
          loading={!exams.data}
          value={current?.id}
          onChange={setExamId}
          options={list.map((e) => ({ value: e.id, label: `${e.name}（${e.day}）${e.publishedAt ? ' · 已发布' : ''}` }))}
          data-testid="exam-select"
        />
        <Button icon={<PlusOutlined />} onClick={() => setCreating({ round: creating.round + 1, open: true })} data-testid="exam-new">新建考试</Button>
      </Space>
      {exams.data && list.length === 0 && <Card><Empty description="还没有考试，先新建一场考试" /></Card>}
      {current && <Sheet key={current.id} classId={classId} examId={current.id} onPublished={exams.reload} />}
      {creating.open && (
        <FormModal<ExamValues>
          key={creating.round}
          title="新建考试"
          open
          width={480}
          submitText="新建"
          initialValues={{ subjects: ['语文', '数学'], day: dayjs().format('YYYY-MM-DD'), fullMarks: 100 }}
          onClose={() => setCreating({ ...creating, open: false })}
          onSubmit={async (v) => {
            const exam = await unwrap(api.POST('/api/classes/{id}/exams', { params: { path: { id: classId } }, body: { name: v.name.trim(), subjects: v.subjects.map((x) => x.trim()), day: dayjs(v.day).format('YYYY-MM-DD'), fullMarks: v.fullMarks } }));
            message.success(`已新建：${exam.name}`);
            setExamId(exam.id);
            setCreating({ ...creating, open: false });
            exams.reload();
          }}
        >
          <ProFormText name="name" label="考试名称" placeholder="如 期中考试" rules={[{ required: true, whitespace: true, message: '请填写考试名称' }, { max: 30, message: '最多 30 个字' }]} />
          <ProFormSelect name="subjects" label="科目" mode="tags" options={SUBJECTS} rules={[{ required: true, message: '请至少选一门科目' }]} fieldProps={{ tokenSeparators: ['、', ',', '，'] }} />
          <ProFormDatePicker name="day" label="考试日期" rules={[{ required: true, message: '请选择考试日期' }]} />
          <ProFormDigit name="fullMarks" label="满分" min={1} max={300} fieldProps={{ precision: 0 }} />
        </FormModal>
      )}
    </Space>
  );
};
