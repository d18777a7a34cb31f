/**
 * Results as an Excel file: a template with the class's students (学籍号, 姓名) and one column
 * per subject, pre-filled with what was entered; the teacher fills it in and uploads it back.
 * Every row is checked before anything is written: an unknown 学籍号, a score out of range,
 * an unknown column or an empty sheet names its row and writes nothing.
 */
import ExcelJS from 'exceljs';
import type { SchoolDeps } from '../deps';
import { ClassworkErrors } from './classwork.errors';
import { enterResults, type CellProblem, type ResultCell } from './enter-results';
import { examOfClass, resultsSheet, studentsOf, type ResultsSheet } from './exams';
import { parseResult } from './scores';

/** At most 2 MB of .xlsx: a class is a few dozen rows. */
export const MAX_RESULTS_FILE_BYTES = 2 * 1024 * 1024;

export async function resultsTemplate(deps: SchoolDeps, o: { classId: string; examId: string }): Promise<{ fileName: string; data: Buffer }> {
  const sheet = await resultsSheet(deps, o);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成绩');
  ws.addRow(['学籍号', '姓名', ...sheet.exam.subjects]);
  ws.getRow(1).font = { bold: true };
  for (const r of sheet.rows) {
    ws.addRow([r.studentNo, r.name, ...sheet.exam.subjects.map((s) => r.results[s] ?? '')]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 12 : 14;
  });
  ws.getColumn(1).numFmt = '@';
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${sheet.exam.name}-成绩.xlsx`, data };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) {return '';}
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {return String(v).trim();}
  if (v instanceof Date) {return v.toISOString().slice(0, 10);}
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: string | number | boolean; text?: string };
    if (o.richText) {return o.richText.map((x) => x.text).join('').trim();}
    if (o.result !== undefined) {return String(o.result).trim();}
    if (o.text !== undefined) {return String(o.text).trim();}
  }
  return '';
}

/** The uploaded file as Base64 (a data: URL prefix is allowed) → its bytes; a clear error otherwise. */
export function decodeBase64File(data: string): Buffer {
  const b64 = data.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(b64)) {
    throw ClassworkErrors.RESULTS_FILE_INVALID({ field: 'file' }, '文件内容不是 Base64');
  }
  return Buffer.from(b64, 'base64');
}

export async function importResults(deps: SchoolDeps, o: { classId: string; examId: string; file: Buffer | string; by: string }): Promise<ResultsSheet & { imported: number }> {
  const F = ClassworkErrors.RESULTS_FILE_INVALID;
  const e = await examOfClass(deps, o.classId, o.examId);
  const file = typeof o.file === 'string' ? decodeBase64File(o.file) : o.file;
  if (file.length === 0) {
    throw F({ field: 'file' }, '文件是空的');
  }
  if (file.length > MAX_RESULTS_FILE_BYTES) {
    throw F({ field: 'file' }, '文件太大（最多 2 MB）');
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    throw F({ field: 'file' }, '无法读取文件：请上传下载的 Excel 模板（.xlsx）');
  }
  const ws = wb.worksheets[0];
  if (!ws) {
    throw F({ field: 'file' }, '文件里没有工作表');
  }
  const rows: { rowNo: number; values: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    const values: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c++) {values.push(cellText(row.getCell(c)));}
    if (values.some((v) => v !== '')) {rows.push({ rowNo, values });}
  });
  const header = rows[0];
  if (!header || !header.values.map((v) => v.replace(/\s/g, '')).includes('学籍号')) {
    throw F({ field: 'file' }, '第一行应为表头：学籍号、姓名、各科目（请使用下载的模板）');
  }
  const titles = header.values.map((v) => v.replace(/\s/g, ''));
  const subjects = e.subjects.split('、');
  const noCol = titles.indexOf('学籍号');
  const unknown = titles.filter((t, i) => i !== noCol && t !== '' && t !== '姓名' && !subjects.includes(t));
  if (unknown.length > 0) {
    throw F({ field: 'file', columns: unknown }, `表头有本次考试没有的科目：${unknown.join('、')}（本次考试科目：${subjects.join('、')}）`);
  }
  const data = rows.slice(1);
  if (data.length === 0) {
    throw F({ field: 'file' }, '表格里没有学生成绩（第一行表头下面是空的）');
  }
  const byNo = new Map((await studentsOf(deps, o.classId)).map((s) => [s.studentNo.toUpperCase(), s]));
  const problems: CellProblem[] = [];
  const seen = new Set<string>();
  const cells: ResultCell[] = [];
  for (const r of data) {
    const no = (r.values[noCol] ?? '').trim().toUpperCase();
    const s = byNo.get(no);
    if (!s) {
      problems.push({ row: r.rowNo, studentNo: no, message: no === '' ? '缺少学籍号' : `学籍号 ${no} 不是本班学生` });
      continue;
    }
    if (seen.has(no)) {
      problems.push({ row: r.rowNo, studentNo: no, name: s.name, message: `学籍号 ${no} 出现了两次` });
      continue;
    }
    seen.add(no);
    titles.forEach((t, i) => {
      if (!subjects.includes(t)) {return;}
      const v = (r.values[i] ?? '').trim();
      if (v === '') {return;} // an empty cell changes nothing
      const p = parseResult(v, e.full_marks);
      if (!p.ok) {
        problems.push({ row: r.rowNo, studentNo: no, name: s.name, subject: t, message: p.message });
        return;
      }
      cells.push({ studentId: s.id, subject: t, value: v });
    });
  }
  if (problems.length > 0) {
    throw F(
      { field: 'file', problems: problems.slice(0, 50), problemCount: problems.length },
      `有 ${problems.length} 处错误，未导入任何成绩：${problems.slice(0, 3).map((p) => `第 ${p.row} 行${p.subject ? ` ${p.subject}` : ''}：${p.message}`).join('；')}`,
    );
  }
  if (cells.length === 0) {
    throw F({ field: 'file' }, '表格里没有填写任何成绩');
  }
  const sheet = await enterResults(deps, { classId: o.classId, examId: e.id, cells, by: o.by });
  return { ...sheet, imported: cells.length };
}
