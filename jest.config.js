// Jest runs the TypeScript sources as native ES modules (Nest 12 is ESM-only): @swc/jest
// transforms each file, `--experimental-vm-modules` (set in package.json) lets Jest link them.
const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
  swcrc: false,
};

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@carta/resilience$': '<rootDir>/libs/resilience/src/index.ts',
    '^@carta/resilience/core$': '<rootDir>/libs/resilience/src/core/index.ts',
    '^@carta/resilience/testing$': '<rootDir>/libs/resilience/src/testing/index.ts',
    '^@carta/resilience/prometheus$': '<rootDir>/libs/resilience/src/prometheus/index.ts',
    '^@carta/resilience/terminus$': '<rootDir>/libs/resilience/src/terminus/index.ts',
    '^@carta/resilience/http$': '<rootDir>/libs/resilience/src/http/index.ts',
    '^@carta/resilience/redis$': '<rootDir>/libs/resilience/src/redis/index.ts',
    '^@carta/embedded-redis$': '<rootDir>/libs/embedded-redis/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test', '<rootDir>/bench', '<rootDir>/scripts'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  // System tests start Redis, upstream and api processes in their hooks: on a loaded 2-core
  // machine that can take longer than Jest's 5 s default, and a hook that times out leaves
  // the processes it started behind.
  testTimeout: 60_000,
  // Istanbul instruments only the files collectCoverageFrom names. V8's coverage took every
  // script each test file loaded (Nest, Fastify, ioredis, ... once per file) and cost the unit
  // tests 4x their time: 213 s against 58 s for the same 131 files here.
  coverageProvider: 'babel',
  collectCoverageFrom: ['libs/resilience/src/**/*.ts', '!**/index.ts', '!**/*.spec.ts'],
  coverageThreshold: { './libs/resilience/src/': { lines: 90 } },
  coverageReporters: ['text-summary', 'lcov'],
};
