/**
 * Reading a roster file: .xlsx (one sheet of students, optionally one of teachers) or CSV in
 * UTF-8 (with or without BOM) or GBK/GB18030 (what Excel in China saves). The encoding is
 * detected, never trusted from the name: BOM → UTF-8; valid UTF-8 → UTF-8; else GB18030. Text
 * that still decodes to replacement characters or to the mojibake of a file opened in the
 * wrong encoding is refused with a clear message rather than imported as garbage names.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { RosterErrors } from './roster.errors';

export type SheetKind = 'student' | 'teacher';

/** A data row: its number in the file (as Excel or a text editor shows it) and its cells by column title. */
export interface RawRow { rowNo: number; cells: Record<string, string> }
export interface ParsedFile { format: 'xlsx' | 'csv'; encoding: 'utf-8' | 'gb18030' | null; students: RawRow[]; teachers: RawRow[] }

export const STUDENT_COLUMNS = ['年级', '班级', '学籍号', '学生姓名', '卡号', '家长姓名', '家长手机', '关系', '家长2姓名', '家长2手机', '家长2关系'] as const;
export const TEACHER_COLUMNS = ['教师姓名', '手机', '班级', '科目', '是否班主任'] as const;
const REQUIRED: Record<SheetKind, readonly string[]> = { student: ['班级', '学籍号', '学生姓名'], teacher: ['教师姓名', '手机', '班级'] };
/** Other titles schools use for the same columns. */
const ALIASES: Record<string, string> = {
  姓名: '学生姓名',
  学生: '学生姓名',
  校园卡号: '卡号',
  一卡通卡号: '卡号',
  家长手机号: '家长手机',
  家长电话: '家长手机',
  与学生关系: '关系',
  家长关系: '关系',
  家长2手机号: '家长2手机',
  手机号: '手机',
  教师手机: '手机',
  教师: '教师姓名',
  任教科目: '科目',
  班主任: '是否班主任',
};
export const MAX_ROWS = 20_000;

function title(v: string): string {
  const s = v.replace(/[\s\u3000]/g, '').replace(/^\uFEFF/, '');
  return ALIASES[s] ?? s;
}

function kindOf(headers: string[]): SheetKind | null {
  if (headers.includes('学籍号')) {return 'student';}
  if (headers.includes('教师姓名')) {return 'teacher';}
  return null;
}

/** Cells of one sheet (rows of strings, 1-based row numbers) → the kind of sheet and its data rows. */
function readTable(rows: { rowNo: number; values: string[] }[], where: string): { kind: SheetKind; rows: RawRow[] } | null {
  const nonEmpty = rows.filter((r) => r.values.some((v) => v.trim() !== ''));
  // The header is the first row naming a known column within the first five non-empty rows (a title row may precede it).
  const at = nonEmpty.slice(0, 5).findIndex((r) => kindOf(r.values.map(title)) !== null);
  if (at < 0) {
    return null;
  }
  const headers = nonEmpty[at]!.values.map(title);
  const kind = kindOf(headers)!;
  const missing = REQUIRED[kind].filter((c) => !headers.includes(c));
  if (missing.length > 0) {
    throw RosterErrors.ROSTER_COLUMNS_MISSING({ missing, where }, `${where}缺少列：${missing.join('、')}（请使用模板）`);
  }
  const data = nonEmpty.slice(at + 1).map((r) => {
    const cells: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h !== '' && cells[h] === undefined) {
        cells[h] = (r.values[i] ?? '').replace(/[\u3000]/g, ' ').trim();
      }
    });
    return { rowNo: r.rowNo, cells };
  });
  return { kind, rows: data };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) {return '';}
  if (typeof v === 'number') {return String(v);}
  if (typeof v === 'string') {return v;}
  if (typeof v === 'boolean') {return v ? '是' : '否';}
  if (typeof v === 'object' && 'result' in v) {
    const r: unknown = v.result;
    return typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean' ? String(r) : '';
  }
  return cell.text ?? '';
}

async function readXlsx(bytes: Buffer): Promise<ParsedFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw RosterErrors.ROSTER_FILE_INVALID({}, '无法打开这个 Excel 文件：文件可能已损坏，请在 Excel 中重新保存为 .xlsx');
  }
  const out: ParsedFile = { format: 'xlsx', encoding: null, students: [], teachers: [] };
  let found = false;
  const seen = new Set<SheetKind>();
  for (const ws of wb.worksheets) {
    // The template's instructions and examples are not data.
    if (/说明|示例/.test(ws.name)) {continue;}
    const rows: { rowNo: number; values: string[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
      const values: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        values.push(cellText(row.getCell(c)));
      }
      rows.push({ rowNo, values });
    });
    const table = readTable(rows, `工作表“${ws.name}”`);
    if (!table) {continue;}
    found = true;
    if (!seen.has(table.kind)) {
      seen.add(table.kind);
      (table.kind === 'student' ? out.students : out.teachers).push(...table.rows);
    }
  }
  if (!found) {
    throw RosterErrors.ROSTER_FILE_EMPTY({}, '没有找到名册表头：学生表需要“班级、学籍号、学生姓名”等列，教师表需要“教师姓名、手机、班级”（请使用模板）');
  }
  return out;
}

/** Characters that the UTF-8 bytes of common Chinese text turn into when read as GBK (and saved again). */
const MOJIBAKE = /[鍙瀛鐢濮鏁鐝缁鍚鎵绾浜鏃閫閲锛€]{3,}|[\uE000-\uF8FF]/;

/** Control characters other than tab and line ends: binary read as text. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {return true;}
  }
  return false;
}

export function decodeText(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  let text: string;
  let encoding: 'utf-8' | 'gb18030';
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
    encoding = 'utf-8';
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = 'utf-8';
    } catch {
      text = iconv.decode(bytes, 'gb18030');
      encoding = 'gb18030';
    }
  }
  if (text.includes('\uFFFD') || MOJIBAKE.test(text) || hasControl(text)) {
    throw RosterErrors.ROSTER_ENCODING_INVALID({ encoding });
  }
  return { text, encoding };
}

function readCsv(bytes: Buffer): ParsedFile {
  const { text, encoding } = decodeText(bytes);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, info: true, bom: true, delimiter: [',', '\t'] }) as never;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw RosterErrors.ROSTER_FILE_INVALID({ line }, `CSV 文件格式有误${line ? `（第 ${line} 行附近，可能是引号未配对）` : ''}`);
  }
  const rows = records.map((r) => ({ rowNo: r.info.lines, values: r.record }));
  const table = readTable(rows, 'CSV 文件');
  if (!table) {
    throw RosterErrors.ROSTER_FILE_EMPTY({}, '没有找到名册表头：学生名册需要“班级、学籍号、学生姓名”等列，教师名册需要“教师姓名、手机、班级”（请使用模板）');
  }
  return { format: 'csv', encoding, students: table.kind === 'student' ? table.rows : [], teachers: table.kind === 'teacher' ? table.rows : [] };
}

/** Reads an uploaded roster. Throws a clear Chinese error for anything that is not a readable roster. */
export async function parseRosterFile(fileName: string, bytes: Buffer): Promise<ParsedFile> {
  if (bytes.length === 0) {
    throw RosterErrors.ROSTER_FILE_EMPTY({}, '文件是空的');
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isOle = bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  if (isOle || /\.xls$/i.test(fileName)) {
    throw RosterErrors.ROSTER_FILE_INVALID({}, '不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV');
  }
  const parsed = isZip ? await readXlsx(bytes) : readCsv(bytes);
  const n = parsed.students.length + parsed.teachers.length;
  if (n === 0) {
    throw RosterErrors.ROSTER_FILE_EMPTY({}, '名册只有表头，没有学生或教师的数据行');
  }
  if (n > MAX_ROWS) {
    throw RosterErrors.ROSTER_TOO_LARGE({ rows: n, max: MAX_ROWS });
  }
  return parsed;
}
