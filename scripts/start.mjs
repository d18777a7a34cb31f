#!/usr/bin/env node
// `npm start`: build the console if it is missing or older than its sources, then run
// `yikatong serve` (which does the same for the server bundle).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, cwd = root) => {
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
};

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = path.join(root, 'console', 'dist', 'index.html');
if (!existsSync(built) || newest(path.join(root, 'console', 'src')) > statSync(built).mtimeMs) {
  console.log('正在构建控制台…');
  run([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], path.join(root, 'console'));
}
process.argv = [process.argv[0], 'yikatong', 'serve', ...process.argv.slice(2)];
await import(pathToFileURL(path.join(root, 'server', 'bin', 'yikatong.js')).href);
