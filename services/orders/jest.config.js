const preset = require('../../jest.preset.js');

/**
 * Two projects: `unit` (pure, no I/O) and `integration` (against DynamoDB Local started once per
 * run by the global setup, and the local EventBridge where a test needs a bus). `npm test` runs
 * both; `test:unit` / `test:integration` pick one.
 * @type {import('jest').Config}
 */
module.exports = {
  // Integration tests wait for DynamoDB Local; unit tests finish in milliseconds either way.
  testTimeout: 60_000,
  projects: [
    {
      ...preset,
      displayName: 'unit',
      rootDir: __dirname,
      setupFiles: ['<rootDir>/test/support/env.ts'],
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...preset,
      displayName: 'integration',
      rootDir: __dirname,
      setupFiles: ['<rootDir>/test/support/env.ts'],
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '@stratus/local-cloud/testing/dynamodb-global-setup',
      globalTeardown: '@stratus/local-cloud/testing/dynamodb-global-teardown',
    },
  ],
};
