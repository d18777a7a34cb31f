/**
 * The boundaries of DESIGN.md §3, as rules; `npm run boundaries` (part of `npm run check`)
 * fails on a break.
 */
module.exports = {
  forbidden: [
    {
      name: 'modules-are-framework-free',
      comment: 'Domain modules import no Fastify, and nothing from http/, flows/, adapters/, cli/ or jobs/.',
      severity: 'error',
      from: { path: '^server/src/modules/' },
      to: { path: ['^server/src/(http|flows|adapters|cli|jobs)/', 'node_modules/fastify', 'node_modules/@fastify/'] },
    },
    {
      name: 'modules-meet-through-front-doors',
      comment: 'A module reaches another only through its index.ts.',
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: { path: '^server/src/modules/([^/]+)/', pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'edges-call-front-doors',
      comment: 'http/, cli/, jobs/, flows/ and demo/ call module front doors (index.ts), never a repo or use-case file.',
      severity: 'error',
      from: { path: '^server/src/(http|cli|jobs|flows|demo|adapters)/' },
      to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-repos-outside-their-module',
      comment: 'Repositories are queried only by their own module (or platform internals).',
      severity: 'error',
      from: { path: '^server/src/(http|cli|jobs|flows|demo|adapters)/' },
      to: { path: '\\.repo\\.ts$' },
    },
    {
      name: 'platform-is-the-floor',
      comment: 'platform/ knows no module, route or job.',
      severity: 'error',
      from: { path: '^server/src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^server/src/(modules|http|flows|adapters|cli|jobs|demo)/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'console-talks-http-only',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: '^server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
