/**
 * A diagnostic preload for our server process (`node --import bench/sms/sql-trace.mjs …`):
 * times every SQLite statement the process runs through better-sqlite3, grouped by its SQL
 * text (parameter lists collapsed). Counting starts at the first SIGUSR2 and stops at the
 * second, which writes the totals to SQL_TRACE_FILE as JSON. The server's code is untouched:
 * the preload wraps better-sqlite3's prototypes, which the bundle shares (same package).
 * Plain JavaScript: it runs before anything else in the server process.
 */
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

const file = process.env.SQL_TRACE_FILE;
/** @type {Map<string, { calls: number; ns: bigint }>} */
let stats = new Map();
let on = false;
let startedAt = 0n;

/** @param {string} sql */
function shape(sql) {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\((\s*\?\s*,)+\s*\?\s*\)(\s*,\s*\((\s*\?\s*,)*\s*\?\s*\))*/g, '(?…)')
    .replace(/\bin \(\?…\)/gi, 'in (?…)')
    .trim();
}

/** @param {string} sql @param {string} how @param {bigint} t0 */
function record(sql, how, t0) {
  const key = `${how} ${shape(sql)}`;
  const s = stats.get(key) ?? { calls: 0, ns: 0n };
  s.calls += 1;
  s.ns += process.hrtime.bigint() - t0;
  stats.set(key, s);
}

let patched = false;
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (/** @type {string} */ sql) {
  const t0 = process.hrtime.bigint();
  const stmt = prepare.call(this, sql);
  if (on) {
    // Preparing is its own line (statement cache misses).
    record(sql, 'prepare', t0);
  }
  if (!patched) {
    patched = true;
    const proto = Object.getPrototypeOf(stmt);
    for (const m of ['run', 'all', 'get', 'iterate']) {
      const f = proto[m];
      proto[m] = function (/** @type {unknown[]} */ ...args) {
        if (!on) {
          return f.apply(this, args);
        }
        const t0 = process.hrtime.bigint();
        try {
          return f.apply(this, args);
        } finally {
          record(this.source, m, t0);
        }
      };
    }
  }
  return stmt;
};
const exec = Database.prototype.exec;
Database.prototype.exec = function (/** @type {string} */ sql) {
  if (!on) {
    return exec.call(this, sql);
  }
  const t0 = process.hrtime.bigint();
  try {
    return exec.call(this, sql);
  } finally {
    record(sql, 'exec', t0);
  }
};

process.on('SIGUSR2', () => {
  if (!on) {
    stats = new Map();
    startedAt = process.hrtime.bigint();
    on = true;
    return;
  }
  on = false;
  const windowNs = process.hrtime.bigint() - startedAt;
  const rows = [...stats].map(([sql, s]) => ({ sql, calls: s.calls, ms: Number(s.ns) / 1e6 })).sort((a, b) => b.ms - a.ms);
  if (file) {
    writeFileSync(file, JSON.stringify({ windowMs: Number(windowNs) / 1e6, rows }, null, 2));
  }
});
