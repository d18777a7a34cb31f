import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** The repository root (the folder whose package.json is named "yikatong"), from src or dist alike. */
export function repoRoot(): string {
  if (root) {
    return root;
  }
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'yikatong') {
      root = dir;
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) {
      throw new Error('cannot find the yikatong repository root');
    }
    dir = up;
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function consoleDistDir(): string {
  return path.join(repoRoot(), 'console', 'dist');
}
