/** Architecture rules, checked by `npm run lint:deps` (part of `npm test`). */
module.exports = {
  forbidden: [
    {
      name: 'apps-are-independent',
      comment: 'Apps never import each other: what they share lives in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'libs/domain is plain TypeScript: no Nest, no persistence, no messaging, no other lib.',
      severity: 'error',
      from: { path: '^libs/domain/src/', pathNot: '\\.spec\\.ts$' },
      // The network's text rules are the one exception: a file with no imports, shared so a tracking
      // event is judged by the same rules as the case text around it.
      to: { path: ['@nestjs', 'typeorm', 'kafkajs', '(^|/)pg(/|$)', '^libs/(?!domain/|contracts/src/text-rules\\.ts$)'] },
    },
    {
      name: 'contracts-are-plain',
      comment: 'libs/contracts is the wire format: generated code and helpers, usable by any partner.',
      severity: 'error',
      from: { path: '^libs/contracts/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: ['@nestjs', 'typeorm', 'kafkajs', '^libs/(?!contracts/)'] },
    },
    {
      name: 'text-rules-import-nothing',
      comment: 'libs/contracts/src/text-rules.ts is shared with libs/domain, so it stays free of imports.',
      severity: 'error',
      from: { path: '^libs/contracts/src/text-rules\\.ts$' },
      to: { path: '.' },
    },
    {
      name: 'catalogue-is-pure',
      comment: 'libs/catalogue is plain TypeScript over the domain codes: no Nest, no persistence, no messaging, no lib but domain.',
      severity: 'error',
      from: { path: '^libs/catalogue/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: ['@nestjs', 'typeorm', 'kafkajs', '(^|/)pg(/|$)', '^libs/(?!(catalogue|domain)/)'] },
    },
    {
      name: 'production-code-does-not-import-tests',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: ['^test/', '\\.(spec|int-spec|e2e-spec)\\.ts$'] },
    },
    {
      name: 'dev-infra-stays-out-of-apps',
      comment: 'Embedded PostgreSQL and the mock Kafka broker are for dev and tests, never for the apps.',
      severity: 'error',
      from: { path: '^apps/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: '^libs/dev-infra/' },
    },
    {
      name: 'console-is-browser-code',
      comment: 'The agent console runs in the browser: it talks to the node over HTTP, and of the libs it uses only the pure S10 check (no Node, no Nest).',
      severity: 'error',
      // The build config and the tests run in Node; the tests read the catalogue's real texts.
      from: { path: '^apps/console/', pathNot: ['^apps/console/vite\\.config\\.ts$', '^apps/console/test-support/', '\\.spec\\.tsx?$'] },
      to: { path: ['^libs/(?!domain/src/(s10-item-id|domain-error)\\.ts$)', '@nestjs', 'typeorm', 'kafkajs', '(^|/)pg(/|$)', '^node:', '^(fs|path|crypto|http|https|net|child_process)$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^libs/contracts/src/gen/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
