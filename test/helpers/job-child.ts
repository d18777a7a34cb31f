/**
 * A worker in its own process, for the killed-worker test: it registers a job whose handler
 * writes "started <id>" to stdout and then hangs, so the parent can kill it mid-job.
 * Usage: tsx job-child.ts <sqlite-file | postgres-url> [schema]
 */
import Type from 'typebox';
import { systemClock } from '../../server/src/platform/clock';
import { openPostgres, openSqlite } from '../../server/src/platform/db/database';
import { createLogger } from '../../server/src/platform/logger';
import { defineJob, JobQueue, JobWorker } from '../../server/src/platform/jobs';

const [target, schema] = process.argv.slice(2);
if (!target) {
  throw new Error('usage: job-child <sqlite-file | postgres-url> [schema]');
}
const database = target.startsWith('postgres') ? openPostgres(target, { schema }) : openSqlite(target);
const hang = defineJob({
  name: 'test.hang-then-finish',
  title: '测试：执行中被杀死的任务',
  schema: Type.Object({ key: Type.String() }),
  async handle(_p, run) {
    process.stdout.write(`started ${run.id}\n`);
    await new Promise(() => undefined);
  },
});
const queue = new JobQueue(systemClock, 'Asia/Shanghai').register(hang);
const worker = new JobWorker({ database, queue, clock: systemClock, log: createLogger('silent'), ctx: {}, id: 'child', pollMs: 50 });
worker.start();
