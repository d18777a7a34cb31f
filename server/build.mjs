// Bundles the server (API, CLI, jobs) into dist/ with esbuild: well under a second, so
// `npm start` can always rebuild and never runs stale code. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
await build({
  absWorkingDir: here,
  entryPoints: { yikatong: 'src/cli/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
