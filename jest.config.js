// Four projects: console (components in jsdom), unit (no infra), integration (real PostgreSQL / Kafka-protocol broker), e2e (apps over real infra).
const moduleNameMapper = {
  '^@postbridge/(domain|contracts|messaging|platform|dev-infra|catalogue)$': '<rootDir>/libs/$1/src',
  '^@postbridge/(domain|contracts|messaging|platform|dev-infra|catalogue)/(.*)$': '<rootDir>/libs/$1/src/$2',
  // @fastify/static (Swagger UI assets) requires content-disposition 3, which is ESM-only: Node 20 loads it
  // with require(esm), Jest's CommonJS runtime cannot. Tests get the API-identical CommonJS 1.x instead.
  '^content-disposition$': '<rootDir>/node_modules/content-disposition-cjs',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
// Logs of the code under test are printed only for a failing test (test/harness/quiet-environment.ts).
const base = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: '<rootDir>/test/harness/quiet-environment.ts', transform, moduleNameMapper };
const quiet = '<rootDir>/test/harness/quiet-logs.ts';
// Same file in both projects: jest runs a given globalSetup path once per run, and only
// when a selected test belongs to a project using it, so unit-only runs start no infra.
const infra = {
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
};

module.exports = {
  // On the mock broker kafkajs left a timer behind when a consumer closed mid-join (about 1 full run
  // in 3). On Apache Kafka, runs without forceExit (2026-12-07: integration, and e2e in two parts)
  // exited by themselves except for one handle, an alert-stream heartbeat in a unit test (fixed).
  // Kept until more runs show the kafkajs timer is gone: a run held open fails CI by its time limit.
  forceExit: true,
  projects: [
    // The agent console's components, in jsdom, with its own tsconfig (JSX, DOM).
    {
      rootDir: __dirname,
      displayName: 'console',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/console/src/**/*.spec.ts', '<rootDir>/apps/console/src/**/*.spec.tsx'],
      moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/apps/console/tsconfig.spec.json' }] },
      moduleNameMapper: { '^@postbridge/domain/(.*)$': '<rootDir>/libs/domain/src/$1', '\\.css$': '<rootDir>/apps/console/test-support/style-stub.js' },
      setupFilesAfterEnv: ['<rootDir>/apps/console/test-support/setup.ts'],
    },
    { ...base, displayName: 'unit', setupFilesAfterEnv: [quiet], testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/'] },
    {
      ...base,
      ...infra,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts', '<rootDir>/scripts/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/timeout-integration.ts', quiet],
    },
    {
      ...base,
      ...infra,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/timeout-e2e.ts', quiet],
    },
  ],
};
