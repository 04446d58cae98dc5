const path = require('node:path');

/**
 * Jest settings every workspace package shares. SWC strips types (about three times faster
 * than ts-jest); type errors are caught by `npm run typecheck`, not by the test run.
 *
 * middy and jose ship ESM only; middy's `import`-only exports map defeats Jest's CommonJS
 * resolver. Map each @middy package to its entry file and let SWC transform both like our own
 * code, so any package importing @stratus/lambda tests without extra settings.
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
  moduleNameMapper: {
    '^@middy/([^/]+)$': `${path.join(__dirname, 'node_modules/@middy')}/$1/index.js`,
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/|jose/)'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.serverless/', '/.esbuild/', '/dist/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
