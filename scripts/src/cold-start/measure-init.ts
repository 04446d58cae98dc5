import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HandlerModule } from './bundle-files';

/**
 * One sample, measured inside a fresh Node process:
 * - `loadMs`: performance.now() around loading the module and resolving the handler export;
 * - `initMs`: performance.now() once the handler is resolved, i.e. time since the process began,
 *   Node's own start-up included. This is the local counterpart of Lambda's Init Duration (the
 *   runtime starts, then loads the handler module), and what the 1.5x target is checked on;
 * - `loadCpuMs`: process.cpuUsage() around the same load.
 */
export interface InitSample {
  loadMs: number;
  initMs: number;
  /** CPU time (user + system) spent loading: steadier than wall time on a busy machine. */
  loadCpuMs: number;
}

const CHILD_SOURCE = `'use strict';
const { performance } = require('node:perf_hooks');
const { pathToFileURL } = require('node:url');
const [file, exportName, format] = process.argv.slice(2);
(async () => {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const loaded = format === 'esm' ? await import(pathToFileURL(file).href) : require(file);
  const handler = loaded[exportName];
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  if (typeof handler !== 'function') {
    process.stderr.write('export ' + exportName + ' of ' + file + ' is not a function');
    process.exit(3);
  }
  process.stdout.write(JSON.stringify({ loadMs: end - start, initMs: end, loadCpuMs: (cpu.user + cpu.system) / 1000 }));
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(2);
});
`;

/** Writes the measuring child script into `dir` and returns its path. */
export function writeChildScript(dir: string): string {
  const file = path.join(dir, 'measure-init-child.cjs');
  writeFileSync(file, CHILD_SOURCE);
  return file;
}

/** Writes a one-line handler module of the given format into `dir`: the baseline. */
export function writeEmptyHandler(dir: string, format: 'cjs' | 'esm'): HandlerModule {
  const file = path.join(dir, format === 'esm' ? 'empty-handler.mjs' : 'empty-handler.js');
  writeFileSync(
    file,
    format === 'esm' ? 'export const handler = async () => ({});\n' : 'exports.handler = async () => ({});\n',
  );
  return { file, exportName: 'handler', format };
}

export interface MeasureOptions {
  childScript: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Loads `module` in one fresh Node process (the Node running this code) and returns the sample. */
export function sampleInit(module: HandlerModule, options: MeasureOptions): InitSample {
  const result = spawnSync(
    process.execPath,
    [options.childScript, module.file, module.exportName, module.format],
    {
      cwd: path.dirname(module.file),
      env: options.env,
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 30_000,
      killSignal: 'SIGKILL',
    },
  );
  if (result.error || result.status !== 0) {
    throw new Error(
      `Loading ${module.file} failed (status ${String(result.status)}): ${result.stderr || result.error?.message}`,
    );
  }
  const sample = JSON.parse(result.stdout) as InitSample;
  if (!Number.isFinite(sample.loadMs) || !Number.isFinite(sample.initMs))
    throw new Error(`Bad sample: ${result.stdout}`);
  return sample;
}

/**
 * `samples` fresh processes for `module` interleaved with as many for `baseline`, so drift on a
 * busy machine hits both alike.
 */
export function sampleAgainstBaseline(
  module: HandlerModule,
  baseline: HandlerModule,
  samples: number,
  options: MeasureOptions,
): { module: InitSample[]; baseline: InitSample[] } {
  const measured: InitSample[] = [];
  const reference: InitSample[] = [];
  for (let index = 0; index < samples; index += 1) {
    reference.push(sampleInit(baseline, options));
    measured.push(sampleInit(module, options));
  }
  return { module: measured, baseline: reference };
}
