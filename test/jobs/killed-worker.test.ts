/**
 * A worker process killed with SIGKILL in the middle of a job: the job is not lost, it is
 * run again by another worker once the dead one's lease has run out, and only once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Type from 'typebox';
import { expect, it } from 'vitest';
import { DEFAULT_LEASE_MS, defineJob, JobQueue, JobWorker } from '../../server/src/platform/jobs';
import { TestClock } from '../../server/src/platform/clock';
import { createLogger } from '../../server/src/platform/logger';
import { describeEachDatabase, PG_URL } from '../helpers/db';

const root = path.resolve(import.meta.dirname, '../..');

describeEachDatabase('a worker killed mid-job', (t) => {
  it('leaves the job to be retried by another worker after the lease', async () => {
    const runs: string[] = [];
    const job = defineJob({
      name: 'test.hang-then-finish',
      title: '测试：执行中被杀死的任务',
      schema: Type.Object({ key: Type.String() }),
      async handle(p) {
        runs.push(p.key);
      },
    });
    const clock = new TestClock(Date.now());
    const queue = new JobQueue(clock, 'Asia/Shanghai').register(job);
    const id = await queue.enqueue(t().database.db, 'test.hang-then-finish', { key: 'top-up 13800138000' });

    const args = t().dialect === 'sqlite' ? [t().location] : [PG_URL!, t().location];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/helpers/job-child.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /started (\S+)/.exec(out);
        if (m) {
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    expect(started).toBe(id);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    expect(await queue.get(t().database.db, id)).toMatchObject({ status: 'running', attempts: 1 });
    const survivor = new JobWorker({ database: t().database, queue, clock, log: createLogger('silent'), ctx: {}, id: 'survivor' });
    await survivor.drain();
    expect(runs).toEqual([]); // the dead worker's lease still holds

    clock.advance(DEFAULT_LEASE_MS + 60_000);
    await survivor.drain();
    expect(runs).toEqual(['top-up 13800138000']);
    expect(await queue.get(t().database.db, id)).toMatchObject({ status: 'done', attempts: 2 });
    expect((await queue.attempts(t().database.db, id)).map((a) => [a.worker, a.outcome])).toEqual([
      ['child', 'lost'],
      ['survivor', 'done'],
    ]);
    await survivor.drain();
    expect(runs).toHaveLength(1);
  });
});
