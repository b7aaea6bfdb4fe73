// ESM jest: run under `node --experimental-vm-modules` (see package.json "test").
// @swc/jest strips types only; `tsc --noEmit` (npm run typecheck) checks them.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Generous: tests must pass while another process keeps both cores busy.
  testTimeout: 90000,
  // One migrated template database per run (server): each test file's database is a copy of it.
  globalSetup: '<rootDir>/test/helpers/global-setup.mjs',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.mjs',
  // Test files create their own databases; two workers suit the 2-core machines.
  maxWorkers: 2,
};
