#!/usr/bin/env node
// `npm start`: rebuild the server bundle (under a second, so it is never stale), build the
// console if it has not been built yet, then serve.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, cwd = root) => {
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
};

run([path.join(root, 'server', 'build.mjs')]);
if (!existsSync(path.join(root, 'console', 'dist', 'index.html'))) {
  console.log('首次启动：正在构建控制台（约 1 分钟）…');
  run([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], path.join(root, 'console'));
}
process.argv = [process.argv[0], 'yikatong', 'serve', ...process.argv.slice(2)];
await import(pathToFileURL(path.join(root, 'server', 'dist', 'yikatong.js')).href);
