/**
 * The HTTP loader's thread (see loader.ts): `connections` keep-alive sockets, one request in
 * flight on each, every request of the list sent exactly once, in order of the list.
 * Plain JavaScript: a worker thread does not get tsx's loader from the parent on Node 20.
 */
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

/** @type {import('./loader').LoadRequest[]} */
let requests = [];
let host = '127.0.0.1';
let port = 0;
let connections = 50;
/** @type {Record<string, string>} */
let headers = {};

/**
 * @param {http.Agent} agent
 * @param {import('./loader').LoadRequest} r
 * @returns {Promise<{ status: number; body: string }>}
 */
function one(agent, r) {
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.from(r.body, 'utf8');
    const req = http.request(
      {
        host,
        port,
        agent,
        method: r.method,
        path: r.path,
        headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) } : headers,
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** @returns {Promise<import('./loader').LoadResult>} */
async function run() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = new Float64Array(requests.length);
  /** @type {Record<string, number>} */
  const statuses = {};
  /** @type {string[]} */
  const samples = [];
  let errors = 0;
  let next = 0;
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (;;) {
        const i = next++;
        if (i >= requests.length) {
          return;
        }
        const t0 = performance.now();
        try {
          const r = await one(agent, requests[i]);
          statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
          if ((r.status < 200 || r.status > 299) && samples.length < 5) {
            samples.push(`${r.status} ${r.body.slice(0, 300)}`);
          }
        } catch (e) {
          errors += 1;
          if (samples.length < 5) {
            samples.push(String(e));
          }
        }
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const finishedAt = Date.now();
  agent.destroy();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
  const ok = Object.entries(statuses).reduce((n, [s, c]) => (s.startsWith('2') ? n + c : n), 0);
  return { startedAt, finishedAt, sent: requests.length, ok, statuses, errors, samples, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

parentPort.on('message', (m) => {
  if (m.kind === 'load') {
    const u = new URL(m.url);
    host = u.hostname;
    port = Number(u.port);
    connections = m.connections;
    headers = m.headers;
    requests = m.requests;
    parentPort.postMessage({ kind: 'ready' });
    return;
  }
  run().then(
    (r) => parentPort.postMessage({ kind: 'done', result: r }),
    (e) => parentPort.postMessage({ kind: 'failed', error: String(e) }),
  );
});
