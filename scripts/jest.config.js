/**
 * Tests of the root tools in scripts/ (not a workspace): `npm run test:scripts`.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('../jest.preset.js'),
  rootDir: __dirname,
  testPathIgnorePatterns: [...require('../jest.preset.js').testPathIgnorePatterns, '/test/fixtures/'],
};
