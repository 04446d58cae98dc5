/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  rootDir: __dirname,
  setupFiles: ['<rootDir>/test/support/env.ts'],
};
