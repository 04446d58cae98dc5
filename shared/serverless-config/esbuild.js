'use strict';

/**
 * serverless-esbuild settings shared by every service (`custom.esbuild`).
 *
 * The choices below (CommonJS, minified, no source map, @aws-sdk/* left to the Lambda runtime)
 * come from `npm run bench:cold-start`; the figures are in the root README.
 *
 * `STRATUS_ESBUILD_OVERRIDES` (a JSON object merged over these settings) exists only so the
 * cold-start benchmark can package the same service in several variants; nothing else sets it.
 *
 * Usage in a service: `custom: { esbuild: ${file(../../shared/serverless-config/esbuild.js)} }`
 */
const DEFAULTS = Object.freeze({
  bundle: true,
  minify: true,
  sourcemap: false,
  keepNames: true,
  target: 'node24',
  platform: 'node',
  format: 'cjs',
  // The nodejs24.x runtime ships AWS SDK v3: `exclude` marks @aws-sdk/* external WITHOUT
  // installing it into the zip (serverless-esbuild's `external` would npm-install it there).
  exclude: ['@aws-sdk/*'],
  external: [],
  mainFields: ['module', 'main'],
  zipConcurrency: 4,
  concurrency: 4,
});

/** @returns {Record<string, unknown>} */
function readOverrides() {
  const raw = process.env.STRATUS_ESBUILD_OVERRIDES;
  if (!raw) return {};
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`STRATUS_ESBUILD_OVERRIDES is not JSON: ${String(error)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('STRATUS_ESBUILD_OVERRIDES must be a JSON object');
  }
  return /** @type {Record<string, unknown>} */ (parsed);
}

/** @returns {Record<string, unknown>} */
module.exports = function stratusEsbuild() {
  const settings = {
    ...structuredClone(/** @type {Record<string, unknown>} */ (DEFAULTS)),
    ...readOverrides(),
  };
  // ESM bundles need an .mjs name on Lambda and a real `require` for CommonJS dependencies.
  if (settings.format === 'esm') {
    settings.outputFileExtension = '.mjs';
    settings.banner = {
      js: "import { createRequire as __stratusCreateRequire } from 'node:module'; const require = __stratusCreateRequire(import.meta.url);",
    };
  }
  return settings;
};
module.exports.DEFAULTS = DEFAULTS;
