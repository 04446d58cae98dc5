const fs = require('node:fs');
const path = require('node:path');
const preset = require('../../jest.preset.js');

// @stratus/lambda uses middy, which ships ESM only with an `import`-only exports map that Jest's
// CommonJS resolver cannot follow: map each @middy package to its entry file and let SWC
// transform it (the same mapping shared/lambda's own Jest config uses). jose 6 is ESM only too.
const middyDir = [
  path.join(__dirname, 'node_modules/@middy'),
  path.join(__dirname, '../../node_modules/@middy'),
].find((dir) => fs.existsSync(dir));
const middy = {
  moduleNameMapper: { '^@middy/([^/]+)$': `${middyDir}/$1/index.js` },
  transformIgnorePatterns: ['/node_modules/(?!@middy/|jose/)'],
};

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
      ...middy,
      displayName: 'unit',
      rootDir: __dirname,
      setupFiles: ['<rootDir>/test/support/env.ts'],
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...preset,
      ...middy,
      displayName: 'integration',
      rootDir: __dirname,
      setupFiles: ['<rootDir>/test/support/env.ts'],
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/support/global-teardown.ts',
    },
  ],
};
