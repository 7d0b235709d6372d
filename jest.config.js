// Three projects: unit (no infra), integration (real PostgreSQL / Kafka-protocol broker), e2e (apps over real infra).
const moduleNameMapper = {
  '^@postbridge/(domain|contracts|messaging|platform|dev-infra)$': '<rootDir>/libs/$1/src',
  '^@postbridge/(domain|contracts|messaging|platform|dev-infra)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.json' }] };
const base = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
  ],
};
