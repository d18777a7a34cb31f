/**
 * School messaging (issue 6) figures, each against a raw baseline in the same run:
 * - a 5,000-row roster import (preview + apply) in ≤ 10 s;
 * - a note to a whole school of 1,800 students (3,600 guardians) enqueued in ≤ 1 s;
 * - a morning burst of 3,000 swipes in 60 s at one school → every safety SMS submitted to the
 *   gateway with p99 ≤ 5 s after its swipe (sim gateway at 200 msg/s).
 * Run: npm run bench:school  (BENCH_ONLY=import,notes,swipes; BENCH_DB=sqlite,postgres)
 * Figures: bench/RESULTS.md; JSON: bench/results/school.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { BenchRow } from './school/common';

type Part = { run(o: { database: 'sqlite' | 'postgres' }): Promise<BenchRow[]> };

const PARTS: Record<string, () => Promise<Part>> = {
  import: () => import('./school/import'),
  notes: () => import('./school/notes'),
  swipes: () => import('./school/swipes'),
};

const only = (process.env.BENCH_ONLY ?? Object.keys(PARTS).join(',')).split(',').map((s) => s.trim());
const databases = (process.env.BENCH_DB ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));

const rows: BenchRow[] = [];
for (const name of only) {
  const load = PARTS[name];
  if (!load) {
    throw new Error(`unknown part ${name}; choose from ${Object.keys(PARTS).join(', ')}`);
  }
  const part = await load();
  for (const database of databases) {
    process.stderr.write(`school bench: ${name} on ${database}…\n`);
    rows.push(...(await part.run({ database })));
  }
}

console.log('| figure | database | ours | raw baseline | target | met |');
console.log('|---|---|---:|---:|---|---|');
for (const r of rows) {
  const base = r.baseline ? `${fmt(r.baseline.value)} ${r.baseline.unit} (${r.baseline.what})` : '';
  console.log(`| ${r.figure} | ${r.database} | ${fmt(r.value)} ${r.unit} | ${base} | ${r.target} | ${r.met ? 'met' : '**missed**'} |`);
}
const out = path.join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'school.json'), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
process.exit(0);
