/**
 * Build variants the benchmark can package a service in. `configured` is the shared
 * configuration as committed (shared/serverless-config/esbuild.js); the others override it
 * through STRATUS_ESBUILD_OVERRIDES to compare the choices that configuration made.
 */
export interface BuildVariant {
  name: string;
  description: string;
  /** Merged over the shared esbuild settings; undefined = as configured. */
  overrides?: Record<string, unknown>;
}

export const CONFIGURED: BuildVariant = {
  name: 'configured',
  description: 'shared/serverless-config/esbuild.js as committed',
};

const SDK_EXTERNAL_CJS: BuildVariant = {
  name: 'sdk-external-cjs',
  description: 'CommonJS, @aws-sdk/* left to the Lambda runtime',
  overrides: { format: 'cjs', exclude: ['@aws-sdk/*'] },
};
const SDK_BUNDLED_CJS: BuildVariant = {
  name: 'sdk-bundled-cjs',
  description: 'CommonJS, @aws-sdk/* bundled into the zip',
  overrides: { format: 'cjs', exclude: [] },
};
const SDK_EXTERNAL_ESM: BuildVariant = {
  name: 'sdk-external-esm',
  description: 'ESM (.mjs), @aws-sdk/* left to the Lambda runtime',
  overrides: { format: 'esm', exclude: ['@aws-sdk/*'] },
};
const SDK_BUNDLED_ESM: BuildVariant = {
  name: 'sdk-bundled-esm',
  description: 'ESM (.mjs), @aws-sdk/* bundled into the zip',
  overrides: { format: 'esm', exclude: [] },
};

export const COMPARISONS = {
  none: [CONFIGURED],
  sdk: [SDK_EXTERNAL_CJS, SDK_BUNDLED_CJS],
  format: [SDK_EXTERNAL_CJS, SDK_EXTERNAL_ESM],
  all: [SDK_EXTERNAL_CJS, SDK_BUNDLED_CJS, SDK_EXTERNAL_ESM, SDK_BUNDLED_ESM],
} as const satisfies Record<string, readonly BuildVariant[]>;

export type Comparison = keyof typeof COMPARISONS;

export function isComparison(value: string): value is Comparison {
  return Object.hasOwn(COMPARISONS, value);
}
