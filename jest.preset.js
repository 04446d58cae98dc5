/**
 * Jest settings every workspace package shares. SWC strips types (about three times faster
 * than ts-jest); type errors are caught by `npm run typecheck`, not by the test run.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.serverless/', '/.esbuild/', '/dist/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
