/**
 * The roster template (.xlsx): a 学生 sheet and a 教师 sheet with the column titles the import
 * reads, and a 说明 sheet with what goes in each column and example rows (the import skips it).
 */
import ExcelJS from 'exceljs';
import { STUDENT_COLUMNS, TEACHER_COLUMNS } from './parse';

const HELP: [string, string][] = [
  ['年级', '1–12，或 三年级、初一、高二；新班级必须填写'],
  ['班级', '本校的班级名称，如 三年级(2)班。本校没有的班级，班名以年级开头（三年级…、初一…）时会新建，否则为“未知班级”'],
  ['学籍号', '4–32 位字母或数字，文件内不能重复；已有学籍号的学生按文件更新'],
  ['学生姓名', '必填，不超过 20 个字'],
  ['卡号', '校园卡号，4–20 位数字或字母，本校内唯一；留空表示不改'],
  ['家长姓名 / 家长手机 / 关系', '第一位家长；手机为 11 位手机号；关系如 爸爸、妈妈、爷爷'],
  ['家长2姓名 / 家长2手机 / 家长2关系', '第二位家长（可不填）。兄弟姐妹的家长用同一手机号，即为同一位家长'],
  ['教师姓名 / 手机 / 班级', '教师表：一位老师教几个班就写几行'],
  ['科目', '如 语文、数学'],
  ['是否班主任', '是 / 否；一个班只能有一位班主任'],
];

const EXAMPLE_STUDENTS = [
  ['三年级', '三年级(2)班', 'G3101', '张小明', 'C3101', '张伟', '13912345678', '爸爸', '刘梅', '13912345679', '妈妈'],
  ['3', '三年级(2)班', 'G3102', '张小丽', 'C3102', '张伟', '13912345678', '爸爸', '', '', ''],
];
const EXAMPLE_TEACHERS = [['王老师', '13900001111', '三年级(2)班', '语文', '是']];

function header(ws: ExcelJS.Worksheet, columns: readonly string[], width = 14): void {
  ws.addRow([...columns]);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => {
    c.width = width;
    c.numFmt = '@';
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function rosterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '一卡通';
  const students = wb.addWorksheet('学生');
  students.columns = STUDENT_COLUMNS.map(() => ({ width: 14, style: { numFmt: '@' } }));
  header(students, STUDENT_COLUMNS);
  const teachers = wb.addWorksheet('教师');
  teachers.columns = TEACHER_COLUMNS.map(() => ({ width: 14, style: { numFmt: '@' } }));
  header(teachers, TEACHER_COLUMNS);
  const help = wb.addWorksheet('说明');
  help.columns = [{ width: 30 }, { width: 90 }];
  help.addRow(['填写说明（本页不导入）']).font = { bold: true };
  for (const [col, text] of HELP) {help.addRow([col, text]);}
  help.addRow([]);
  help.addRow(['学生表示例']).font = { bold: true };
  help.addRow(STUDENT_COLUMNS.map((c) => `〔${c}〕`));
  for (const r of EXAMPLE_STUDENTS) {help.addRow(r);}
  help.addRow([]);
  help.addRow(['教师表示例']).font = { bold: true };
  help.addRow(TEACHER_COLUMNS.map((c) => `〔${c}〕`));
  for (const r of EXAMPLE_TEACHERS) {help.addRow(r);}
  help.addRow([]);
  help.addRow(['CSV', '也可上传 CSV（UTF-8 或 Excel 默认的 GBK 编码均可），一个 CSV 文件只含学生表或教师表']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
