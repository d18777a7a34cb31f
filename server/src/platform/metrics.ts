/** Prometheus metrics, one registry per application instance. */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(opts: { processMetrics: boolean }) {
  const registry = new Registry();
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
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
