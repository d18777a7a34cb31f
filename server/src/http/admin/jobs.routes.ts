/** Operators watch and retry background jobs. */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { toIso } from '../../platform/clock';
import type { JobInfo } from '../../platform/jobs';
import { errors, IsoTime, NullableIsoTime } from '../schemas';
import type { Http } from '../types';

const Status = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]);

const Job = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    title: Type.String(),
    status: Status,
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    runAt: IsoTime,
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: IsoTime,
    finishedAt: NullableIsoTime,
  },
  { $id: 'Job', title: 'Job' },
);

const Counts = Type.Object({ queued: Type.Integer(), running: Type.Integer(), done: Type.Integer(), failed: Type.Integer() });

function toApi(j: JobInfo) {
  return {
    id: j.id,
    name: j.name,
    title: j.title,
    status: j.status,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: toIso(j.runAt),
    lastError: j.lastError,
    createdAt: toIso(j.createdAt),
    finishedAt: toIso(j.finishedAt),
  };
}

export function jobsRoutes(app: Http, ctx: AppContext): void {
  app.get(
    '/api/admin/jobs',
    {
      config: { action: 'jobs.read' },
      schema: {
        tags: ['后台任务'],
        summary: '后台任务列表',
        querystring: Type.Object(
          {
            status: Type.Optional(Status),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Job), total: Type.Integer(), counts: Counts }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const r = await ctx.jobs.list(ctx.database.db, request.query);
      return { items: r.items.map(toApi), total: r.total, counts: r.counts };
    },
  );

  app.post(
    '/api/admin/jobs/:id/retry',
    {
      config: { action: 'jobs.retry' },
      schema: {
        tags: ['后台任务'],
        summary: '重试失败的任务',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Type.Object({ job: Job }), ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const job = await ctx.jobs.retry(ctx.database.db, request.params.id);
      request.log.info({ jobId: job.id }, '任务已重新排队');
      return { job: toApi(job) };
    },
  );

  app.get(
    '/api/admin/schedules',
    {
      config: { action: 'jobs.read' },
      schema: {
        tags: ['后台任务'],
        summary: '定时任务',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                name: Type.String(),
                title: Type.String(),
                cron: Type.String(),
                timezone: Type.String(),
                nextRunAt: IsoTime,
                lastEnqueuedAt: NullableIsoTime,
              }),
            ),
          }),
          ...errors(401, 403),
        },
      },
    },
    async () => {
      const items = await ctx.jobs.schedules(ctx.database.db);
      return {
        items: items.map((s) => ({ ...s, nextRunAt: toIso(s.nextRunAt), lastEnqueuedAt: toIso(s.lastEnqueuedAt) })),
      };
    },
  );
}
