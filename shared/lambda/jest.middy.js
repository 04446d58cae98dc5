const fs = require('node:fs');
const path = require('node:path');

/**
 * Jest settings for any package whose code (directly or through @stratus/lambda) imports middy.
 * middy ships ESM only, with an `import`-only exports map that Jest's CommonJS resolver cannot
 * follow: map each @middy package to its entry file and let SWC transform it like our own code.
 *
 *   module.exports = { ...require('../../jest.preset.js'), ...require('@stratus/lambda/jest-middy'), rootDir: __dirname };
 */
const candidates = [
  path.join(__dirname, 'node_modules/@middy'),
  path.join(__dirname, '../../node_modules/@middy'),
  path.join(process.cwd(), 'node_modules/@middy'),
];
const middyDir = candidates.find((dir) => fs.existsSync(path.join(dir, 'core')));
if (!middyDir) throw new Error(`@middy/core not found in ${candidates.join(', ')}`);

module.exports = {
  moduleNameMapper: { '^@middy/([^/]+)$': `${middyDir}/$1/index.js` },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
};
