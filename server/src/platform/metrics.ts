/** Prometheus metrics, one registry per application instance. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(opts: { processMetrics: boolean }) {
  const registry = new Registry();
  let countJobs: (() => Promise<Record<string, number>>) | null = null;
  if (opts.processMetrics) {
    collectDefaultMetrics({ register: registry, prefix: 'yikatong_' });
  }
  return {
    registry,
    httpRequests: new Counter({
      name: 'yikatong_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'yikatong_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsSettled: new Counter({
      name: 'yikatong_jobs_settled_total',
      help: 'Job attempts by job name and outcome (done, retry, failed, lost)',
      labelNames: ['name', 'outcome'] as const,
      registers: [registry],
    }),
    jobs: new Gauge({
      name: 'yikatong_jobs',
      help: 'Jobs in the queue by status',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        for (const [status, n] of Object.entries((await countJobs?.()) ?? {})) {
          this.set({ status }, n);
        }
      },
    }),
    /** Where the jobs gauge reads its numbers at each scrape. */
    countJobsWith(fn: () => Promise<Record<string, number>>) {
      countJobs = fn;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
