/**
 * Where our server's CPU goes: a V8 CPU profile (`node --cpu-prof`) of the server process,
 * cut to the measured window, self time summed by function and by source file. Frames in
 * the bundle are mapped back to server/src through its source map; frames in packages are
 * grouped by package.
 *
 * The window: V8 stamps samples with the monotonic clock in µs, the same clock as
 * process.hrtime() here, so the benchmark passes hrtime bounds (µs) of the measured run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  file: string;
  windowMs: number;
  sampledMs: number;
  /** Share of the window the thread was idle (waiting on I/O or timers). */
  idlePercent: number;
  byFunction: ProfileLine[];
  byFile: ProfileLine[];
  /** Self time by area: sqlite (better-sqlite3 and the statements), kysely, fastify, smpp, … */
  byArea: ProfileLine[];
  /**
   * Time by the server source file nearest to the sample on its stack, repositories and the
   * db layer skipped: "whose work" it is (send-sms.ts, deliver-message.ts, record-report.ts,
   * the auth plugin, the jobs worker…). Stacks are synchronous, but an async function
   * resumed after an await is on the stack of its continuation, so its statements count to it.
   */
  byOwner: ProfileLine[];
}

const maps = new Map<string, SourceMap | null>();
/** The bundle's source map: beside the bundle, else `yikatong.js.map` beside the profile. */
let fallbackMap: string | null = null;
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    for (const file of [`${fileURLToPath(url)}.map`, fallbackMap]) {
      if (file !== null && existsSync(file)) {
        map = new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
        break;
      }
    }
    maps.set(url, map);
  }
  return maps.get(url)!;
}

/** file:line of a frame: server sources relative to the repository, packages by name. */
function locate(f: CallFrame): { file: string; where: string } {
  if (f.url === '') {
    return { file: f.functionName.startsWith('(') ? f.functionName : '(native)', where: '' };
  }
  if (f.url.startsWith('node:')) {
    return { file: f.url, where: f.url };
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist\/(?:esm\/|cjs\/)?|lib\/)?(.*)$/.exec(f.url);
  if (pkg) {
    return { file: `pkg:${pkg[1]}`, where: `${pkg[1]}/${pkg[2]}:${f.lineNumber + 1}` };
  }
  if (f.url.endsWith('/yikatong.js')) {
    const map = sourceMapOf(f.url);
    // findEntry gives {} outside the map.
    const e = map?.findEntry(f.lineNumber, f.columnNumber);
    if (e && 'originalSource' in e) {
      const src = e.originalSource.replace(/^.*?\/src\//, 'server/src/');
      return { file: src, where: `${src}:${(e.originalLine ?? 0) + 1}` };
    }
  }
  return { file: f.url, where: `${f.url}:${f.lineNumber + 1}` };
}

function areaOf(file: string, fn: string, where: string): string {
  // Kysely's SQLite driver calls better-sqlite3's run()/all() from executeQuery: its self time
  // is SQLite executing the statements (COMMIT's WAL write and fsync included).
  if (fn === 'executeQuery' && where.includes('sqlite-driver')) {
    return 'SQLite executing statements (better-sqlite3 run/all, incl. COMMIT + fsync)';
  }
  if (fn === 'prepare' && where.startsWith('server/src/platform/db/database.ts')) {
    return 'statement cache (lookup by SQL text; prepare on a miss)';
  }
  if (file === '(garbage collector)') {
    return 'GC';
  }
  if (file === '(idle)' || file === '(program)' || file === '(root)') {
    return file;
  }
  if (file === 'pkg:kysely') {
    return 'kysely (building and compiling queries, results)';
  }
  if (file.startsWith('pkg:')) {
    return file.slice(4);
  }
  if (file.startsWith('server/src/')) {
    const m = /^server\/src\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?/.exec(file);
    return `server/src/${m?.[1]}${m?.[2] && !m[2].includes('.') ? `/${m[2]}` : ''}`;
  }
  if (file.startsWith('node:')) {
    return `node:${file.slice(5).split('/')[0]}`;
  }
  return file;
}

export function summariseProfile(file: string, fromUs?: number, toUs?: number, top = 25): ProfileSummary {
  fallbackMap = path.join(path.dirname(file), 'yikatong.js.map');
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = p.startTime;
  let windowFrom = Number.POSITIVE_INFINITY;
  let windowTo = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const prev = t;
    t += p.timeDeltas[i] ?? 0;
    if ((fromUs !== undefined && t < fromUs) || (toUs !== undefined && t > toUs)) {
      continue;
    }
    windowFrom = Math.min(windowFrom, prev);
    windowTo = Math.max(windowTo, t);
    // A sample's time is the interval since the previous one.
    const dt = t - prev;
    const id = p.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const located = new Map<number, { file: string; where: string }>();
  const locOf = (id: number) => {
    let l = located.get(id);
    if (!l) {
      l = locate(byId.get(id)!.callFrame);
      located.set(id, l);
    }
    return l;
  };
  const ownerOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { file } = locOf(at);
      if (file.startsWith('server/src/') && !/\.repo\.ts$|^server\/src\/platform\/db\//.test(file)) {
        return file;
      }
    }
    const { file } = locOf(id);
    return file.startsWith('pkg:') || file.startsWith('(') ? `(no server frame) ${file}` : '(no server frame)';
  };
  const owners = new Map<string, number>();
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const { file: src, where } = locate(f);
    total += us;
    if (src === '(idle)') {
      idle += us;
    }
    const name = `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    files.set(src, (files.get(src) ?? 0) + us);
    const area = areaOf(src, f.functionName, where);
    if (src !== '(idle)') {
      const owner = ownerOf(id);
      owners.set(owner, (owners.get(owner) ?? 0) + us);
    }
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busy = total - idle;
  const lines = (m: Map<string, number>, n: number): ProfileLine[] =>
    [...m]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, percent: Math.round((us / Math.max(1, busy)) * 1000) / 10 }));
  return {
    file,
    windowMs: Math.round((windowTo - windowFrom) / 1000),
    sampledMs: Math.round(busy / 1000),
    idlePercent: Math.round((idle / Math.max(1, total)) * 1000) / 10,
    byFunction: lines(fns, top),
    byFile: lines(files, top),
    byArea: lines(areas, top),
    byOwner: lines(owners, top),
  };
}

// node --import tsx bench/sms/profile.ts <file.cpuprofile>: the summary of a whole profile.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const s = summariseProfile(process.argv[2] ?? '', undefined, undefined, Number(process.argv[3] ?? 30));
  console.log(`${s.file}: ${s.sampledMs} ms busy of ${s.windowMs} ms, idle ${s.idlePercent} %`);
  console.table(s.byArea.map((l) => ({ area: l.name, ms: l.ms, '%': l.percent })));
  console.table(s.byOwner.map((l) => ({ 'whose work': l.name, ms: l.ms, '%': l.percent })));
  console.table(s.byFile.map((l) => ({ file: l.name, ms: l.ms, '%': l.percent })));
  console.table(s.byFunction.map((l) => ({ function: l.name, ms: l.ms, '%': l.percent })));
}
