#!/usr/bin/env node
// The `yikatong` command. Rebuilds the bundle first when the sources are newer than it
// (esbuild, under a second), so the CLI never runs stale code after an edit or a pull.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(serverDir, 'dist', 'yikatong.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const src = path.join(serverDir, 'src');
if (!existsSync(bundle) || (existsSync(src) && newestSource(src) > statSync(bundle).mtimeMs)) {
  await import(pathToFileURL(path.join(serverDir, 'build.mjs')).href);
}
await import(pathToFileURL(bundle).href);
