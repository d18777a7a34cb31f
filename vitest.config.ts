import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only fight over them (and over PostgreSQL).
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'console/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/cli/**'],
        },
      },
      {
        // Each CLI test runs real processes one after another (a second or more each on a busy
        // machine): they get more time than a test in one process.
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        // The browser drives a real console with animations and timeouts: it runs after the
        // rest, alone, so that a busy machine cannot starve it.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          // A page on a busy machine may take a few seconds to show what a poll waits for.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
