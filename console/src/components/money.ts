/**
 * 金额：接口里一律是整数“分”。这里是控制台里分 ↔ 元的唯一出处：
 * 显示时逐位拼出“元.角分”，解析用户输入时按“.”拆开逐段读数字，全程不经过浮点数。
 */

/** 能精确表示的最大金额（分）。 */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * 分 → 元的数字文本，两位小数：12345 → `123.45`，-5 → `-0.05`。
 * `grouping` 为 true 时整数部分加千分位：123456789 → `1,234,567.89`。
 */
export const fenToYuan = (fen: number, options: { grouping?: boolean } = {}): string => {
  if (!Number.isSafeInteger(fen)) {
    return '—';
  }
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const yuan = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${sign}${options.grouping ? groupThousands(yuan) : yuan}.${cents}`;
};

/** 分 → 给人看的金额：12345 → `¥123.45`，-12345 → `-¥123.45`，带千分位。 */
export const formatFen = (fen: number): string => {
  const yuan = fenToYuan(fen, { grouping: true });
  if (yuan === '—') {
    return yuan;
  }
  return yuan.startsWith('-') ? `-¥${yuan.slice(1)}` : `¥${yuan}`;
};

export type ParsedYuan = { ok: true; fen: number } | { ok: false; message: string };

/** 全角数字和小数点（中文输入法常见）→ 半角。 */
const toHalfWidth = (text: string): string =>
  text.replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[．。]/g, '.');

/**
 * 用户输入的“元”→ 整数分，不用浮点数：按“.”拆成整数部分和小数部分，小数最多两位。
 * 接受 `12`、`12.5`、`12.50`、`1,234.56`（千分位须成组）、全角数字；前后空格忽略。
 * 拒绝负数、科学计数法、三位以上小数，以及超过可精确表示范围的金额。
 */
export const parseYuan = (input: string): ParsedYuan => {
  const text = toHalfWidth(input.trim()).replace(/^[¥￥]/, '').trim();
  if (text === '') {
    return { ok: false, message: '请输入金额' };
  }
  if (text.startsWith('-')) {
    return { ok: false, message: '金额不能为负数' };
  }
  const parts = text.split('.');
  if (parts.length > 2) {
    return { ok: false, message: '金额格式不正确' };
  }
  const [wholeText = '', decimals = ''] = parts;
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(wholeText)) {
    return { ok: false, message: '金额格式不正确，请输入数字，例如 12.50' };
  }
  if (parts.length === 2 && !/^\d{1,2}$/.test(decimals)) {
    return {
      ok: false,
      message: decimals.length > 2 && /^\d+$/.test(decimals) ? '金额最多两位小数（精确到分）' : '金额格式不正确',
    };
  }
  const whole = wholeText.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  // 整数部分超过 14 位必然超出范围；不超过时 Number() 能精确表示，再乘 100 也由下面的检查兜底。
  if (whole.length > 14) {
    return { ok: false, message: '金额过大' };
  }
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen) || fen > MAX_FEN) {
    return { ok: false, message: '金额过大' };
  }
  return { ok: true, fen };
};

/** 表单校验用：金额必须大于 0（转账、入账）。返回错误提示，合法时返回 null。 */
export const positiveYuanError = (input: string | undefined): string | null => {
  const parsed = parseYuan(input ?? '');
  if (!parsed.ok) {
    return parsed.message;
  }
  return parsed.fen > 0 ? null : '金额必须大于 0';
};
