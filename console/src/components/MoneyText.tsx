import type { CSSProperties } from 'react';
import { formatFen } from './money';

type MoneyTextProps = {
  /** 金额，单位：分。 */
  fen: number | null | undefined;
  /** 正数前加“+”（收支明细）。 */
  signed?: boolean;
  /** 正数绿色、负数红色（收支明细）。 */
  colored?: boolean;
  strong?: boolean;
  style?: CSSProperties;
};

const POSITIVE = '#389e0d';
const NEGATIVE = '#cf1322';

/** 按“元”显示以分为单位的金额：12345 → ¥123.45，负数带减号。控制台里所有金额都用它显示。 */
export const MoneyText = ({ fen, signed = false, colored = false, strong = false, style }: MoneyTextProps) => {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen)) {
    return <span style={{ color: 'rgba(0, 0, 0, 0.45)' }}>—</span>;
  }
  const text = signed && fen > 0 ? `+${formatFen(fen)}` : formatFen(fen);
  const color = !colored || fen === 0 ? undefined : fen > 0 ? POSITIVE : NEGATIVE;
  return (
    <span
      className="money"
      style={{
        fontVariantNumeric: 'tabular-nums',
        whiteSpace: 'nowrap',
        color,
        fontWeight: strong ? 600 : undefined,
        ...style,
      }}
    >
      {text}
    </span>
  );
};
