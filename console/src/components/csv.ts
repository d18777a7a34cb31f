/**
 * 在浏览器里生成 CSV 并下载。文件以 UTF-8 BOM 开头，Excel 直接打开时中文不会乱码。
 */

export type CsvCell = string | number | null | undefined;

/** 以这些字符开头的文本在 Excel 里会被当成公式，前面加单引号让它保持文本。 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** 普通数字（如金额 `-12.50`）不是公式，原样输出，Excel 里仍是数字。 */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

const escapeCell = (cell: CsvCell): string => {
  if (cell === null || cell === undefined) {
    return '';
  }
  const text = String(cell);
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** 二维表 → CSV 文本（CRLF 换行，不含 BOM）。 */
export const toCsv = (rows: readonly (readonly CsvCell[])[]): string =>
  rows.map((row) => row.map(escapeCell).join(',')).join('\r\n') + '\r\n';

export const UTF8_BOM = '\uFEFF';

/** 下载 CSV 文件。 */
export const downloadCsv = (filename: string, rows: readonly (readonly CsvCell[])[]): void => {
  const blob = new Blob([UTF8_BOM, toCsv(rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // 给浏览器一点时间开始下载再释放。
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
