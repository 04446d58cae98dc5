import { mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { directorySize, extractZip, locateHandler } from './bundle-files';
import { sampleAgainstBaseline, writeChildScript, writeEmptyHandler, type InitSample } from './measure-init';
import type { PackagedFunction } from './packaged-functions';
import { median } from './statistics';

export const TARGETS = Object.freeze({ maxZipBytes: 250 * 1024, maxInitRatio: 1.5 });

export interface FunctionMeasurement {
  variant: string;
  service: string;
  function: string;
  format: 'cjs' | 'esm';
  zipBytes: number;
  bundleBytes: number;
  samples: number;
  loadMs: number;
  loadCpuMs: number;
  initMs: number;
  emptyLoadMs: number;
  emptyLoadCpuMs: number;
  emptyInitMs: number;
  /** initMs / emptyInitMs. */
  initRatio: number;
  zipPass: boolean;
  initPass: boolean;
}

export interface MeasureFunctionOptions {
  variant: string;
  samples: number;
  /** Scratch folder for the extracted bundle. */
  workDir: string;
  /**
   * node_modules folder that modules left external (e.g. @aws-sdk/* on Lambda, where the runtime
   * provides them) are loaded from: linked as `node_modules` beside the extracted bundle.
   */
  externalsFrom?: string;
}

function lambdaLikeEnvironment(fn: PackagedFunction, taskRoot: string): NodeJS.ProcessEnv {
  // Built from scratch: NODE_OPTIONS from jest or tsx must not leak loaders into the samples.
  return {
    PATH: process.env.PATH,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'cold-start-bench',
    AWS_SECRET_ACCESS_KEY: 'cold-start-bench',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: `${fn.service}-bench-${fn.name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    LAMBDA_TASK_ROOT: taskRoot,
    ...fn.environment,
  };
}

/** Zip size, unzipped size and median init of one packaged function beside an empty handler. */
export function measureFunction(fn: PackagedFunction, options: MeasureFunctionOptions): FunctionMeasurement {
  if (!Number.isInteger(options.samples) || options.samples < 1)
    throw new Error('samples must be a positive integer');
  const bundleDir = path.join(options.workDir, options.variant, fn.service, fn.name);
  rmSync(bundleDir, { recursive: true, force: true });
  mkdirSync(bundleDir, { recursive: true });
  extractZip(fn.zipPath, bundleDir);
  const bundleBytes = directorySize(bundleDir);
  const handler = locateHandler(bundleDir, fn.handler);

  const harnessDir = path.join(options.workDir, options.variant, fn.service, `${fn.name}.harness`);
  rmSync(harnessDir, { recursive: true, force: true });
  mkdirSync(harnessDir, { recursive: true });
  const childScript = writeChildScript(harnessDir);
  // The empty handler sits in the bundle's folder so both resolve from the same place.
  const empty = writeEmptyHandler(path.dirname(handler.file), handler.format);
  if (options.externalsFrom) symlinkSync(options.externalsFrom, path.join(bundleDir, 'node_modules'), 'dir');

  const samples = sampleAgainstBaseline(handler, empty, options.samples, {
    childScript,
    env: lambdaLikeEnvironment(fn, bundleDir),
  });
  const pick = (list: InitSample[], key: keyof InitSample) => median(list.map((sample) => sample[key]));
  const initMs = pick(samples.module, 'initMs');
  const emptyInitMs = pick(samples.baseline, 'initMs');
  const zipBytes = statSync(fn.zipPath).size;
  return {
    variant: options.variant,
    service: fn.service,
    function: fn.name,
    format: handler.format,
    zipBytes,
    bundleBytes,
    samples: options.samples,
    loadMs: pick(samples.module, 'loadMs'),
    loadCpuMs: pick(samples.module, 'loadCpuMs'),
    initMs,
    emptyLoadMs: pick(samples.baseline, 'loadMs'),
    emptyLoadCpuMs: pick(samples.baseline, 'loadCpuMs'),
    emptyInitMs,
    initRatio: initMs / emptyInitMs,
    zipPass: zipBytes <= TARGETS.maxZipBytes,
    initPass: initMs / emptyInitMs <= TARGETS.maxInitRatio,
  };
}
