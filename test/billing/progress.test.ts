/** The billing run's progress bar on stderr: one redrawn line on a terminal, a line every 10 % otherwise. */
import { expect, it } from 'vitest';
import { billingProgress } from '../../server/src/cli/billing';
import type { RunView } from '../../server/src/modules/subscriptions';

const view = (processed: number, status: RunView['status'] = 'running'): RunView => ({
  id: 'r1',
  month: '2026-10',
  dryRun: false,
  status,
  total: 100_000,
  processed,
  charged: processed,
  chargedAmount: processed * 800,
  free: 0,
  failed: 0,
  rules: {},
  startedBy: null,
  startedAt: 0,
  updatedAt: 0,
  finishedAt: null,
  error: null,
  percent: status === 'done' ? 100 : Math.floor((processed * 100) / 100_000),
});

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => out.push(t) > 0 } as unknown as NodeJS.WriteStream };
}

it('redraws one line on a terminal and ends it when the run is done', () => {
  const { out, s } = stream(true);
  const bar = billingProgress(s);
  [0, 5_000, 52_000, 52_000, 100_000].forEach((n) => bar(view(n)));
  bar(view(100_000, 'done'));
  expect(out).toEqual([
    '\r出账 2026-10 [--------------------] 0/100,000 0%',
    '\r出账 2026-10 [#-------------------] 5,000/100,000 5%',
    '\r出账 2026-10 [##########----------] 52,000/100,000 52%',
    '\r出账 2026-10 [####################] 100,000/100,000 100%',
    '\n',
  ]);
});

it('prints a line every 10 % when stderr is not a terminal', () => {
  const { out, s } = stream(false);
  const bar = billingProgress(s);
  for (let n = 0; n <= 100_000; n += 5_000) {
    bar(view(n));
  }
  bar(view(100_000, 'done'));
  expect(out).toHaveLength(11);
  expect(out[5]).toBe('出账 2026-10 [##########----------] 50,000/100,000 50%\n');
  expect(out.at(-1)).toBe('出账 2026-10 [####################] 100,000/100,000 100%\n');
});
