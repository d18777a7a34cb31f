/**
 * The one HTTP loader both sides get: a worker thread (so it does not share the SMS centre's
 * event loop) keeping `connections` requests in flight over keep-alive sockets with
 * node:http, each request of a list sent exactly once. Kannel gets GETs, ours POSTs.
 */
import { Worker } from 'node:worker_threads';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadResult {
  /** Epoch ms of the first request and of the last response. */
  startedAt: number;
  finishedAt: number;
  sent: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  /** A few non-2xx answers or errors, for the log. */
  samples: string[];
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface Loader {
  /** Starts sending; resolves when every request is answered. */
  go(): Promise<LoadResult>;
  close(): Promise<void>;
}

/** A loader with its requests loaded, ready to go. */
export async function prepareLoad(url: string, requests: LoadRequest[], opts: { connections?: number; headers?: Record<string, string> } = {}): Promise<Loader> {
  const worker = new Worker(new URL('./loader-worker.mjs', import.meta.url));
  const next = () =>
    new Promise<{ kind: string; result?: LoadResult; error?: string }>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      worker.once('error', onError);
      worker.once('message', (m: { kind: string; result?: LoadResult; error?: string }) => {
        worker.off('error', onError);
        resolve(m);
      });
    });
  const ready = next();
  worker.postMessage({ kind: 'load', url, connections: opts.connections ?? 50, headers: opts.headers ?? {}, requests });
  await ready;
  return {
    async go() {
      const done = next();
      worker.postMessage({ kind: 'go' });
      const m = await done;
      if (m.kind !== 'done' || !m.result) {
        throw new Error(`loader failed: ${m.error ?? m.kind}`);
      }
      return m.result;
    },
    async close() {
      await worker.terminate();
    },
  };
}
