const preset = require('../../jest.preset.js');

/**
 * End-to-end tests of the orders saga across services: orders and inventory run in the local
 * cloud (serverless-offline, DynamoDB Local, local SQS and EventBridge) that the global setup
 * starts on free random ports; the tests talk to them only over HTTP and the bus.
 *
 *   npx jest -c services/orders/jest.e2e.config.js            (from the repository root)
 *   npm run -w @stratus/orders test:e2e                       (once package.json has the script)
 *
 * One worker: every file shares one stack, and the concurrency and benchmark-like tests need the
 * machine's two cores for the stack, not for parallel test files.
 * @type {import('jest').Config}
 */
module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
  maxWorkers: 1,
  // Waits inside the tests are bounded by their own deadlines; this only catches a hung hook.
  testTimeout: 600_000,
};
