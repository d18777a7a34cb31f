import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes rows with CRLF and quotes only what needs quoting', () => {
    expect(toCsv([['时间', '流水号', '收入/支出（元）'], ['2025-03-01 09:00:00', 'k-1', '-12.50']])).toBe(
      '时间,流水号,收入/支出（元）\r\n2025-03-01 09:00:00,k-1,-12.50\r\n',
    );
    expect(toCsv([['a,b', 'say "hi"', 'two\nlines']])).toBe('"a,b","say ""hi""","two\nlines"\r\n');
    expect(toCsv([[null, undefined, 0, -5]])).toBe(',,0,-5\r\n');
  });

  it('keeps text that looks like a formula from running in Excel', () => {
    expect(toCsv([['=HYPERLINK("x")', '@SUM(A1)', '+1', '-A1']])).toBe(`"'=HYPERLINK(""x"")",'@SUM(A1),'+1,'-A1\r\n`);
    expect(toCsv([['-1', '-0.05', -3]])).toBe('-1,-0.05,-3\r\n');
  });
});
