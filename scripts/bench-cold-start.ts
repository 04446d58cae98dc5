/**
 * `npm run bench:cold-start`: for every function `serverless package` produces, the zip size,
 * the unzipped bundle size, and the median module init over fresh Node processes, beside an
 * empty one-line handler measured the same way in the same run.
 *
 *   npm run bench:cold-start -- [--no-package] [--service-dir <dir> ...] [--samples 15]
 *                               [--compare none|sdk|format|all] [--stage dev] [--json <file>] [--strict]
 *
 * --compare sdk packages every service twice (@aws-sdk/* bundled, and left external as on the
 * nodejs24.x runtime, which ships SDK v3); format compares CommonJS with ESM; all does both.
 * --no-package measures the zips already in each service's .serverless folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageService } from '@stratus/serverless-config';
import sharedEsbuild from '../shared/serverless-config/esbuild';
import { measureFunction, TARGETS, type FunctionMeasurement } from './src/cold-start/measure-function';
import { readPackagedFunctions, type PackagedFunction } from './src/cold-start/packaged-functions';
import { formatTable } from './src/cold-start/report';
import { COMPARISONS, isComparison, type BuildVariant } from './src/cold-start/variants';
import { runMain } from './src/run-main';
import { findServices, REPOSITORY_ROOT, type ServiceDirectory } from './src/packaging/find-services';

const REPOSITORY_NODE_MODULES = path.join(REPOSITORY_ROOT, 'node_modules');

function excludedModules(variant: BuildVariant): string[] {
  const exclude = variant.overrides?.exclude;
  return Array.isArray(exclude) ? (exclude as string[]) : [...sharedEsbuild.DEFAULTS.exclude];
}

function main(): number {
  const { values } = parseArgs({
    options: {
      package: { type: 'boolean', default: true },
      'no-package': { type: 'boolean', default: false },
      'service-dir': { type: 'string', multiple: true },
      samples: { type: 'string', default: '15' },
      compare: { type: 'string', default: 'none' },
      stage: { type: 'string', default: 'dev' },
      'timeout-seconds': { type: 'string', default: '300' },
      json: { type: 'string' },
      strict: { type: 'boolean', default: false },
    },
  });
  const samples = Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1) throw new Error('--samples must be a positive integer');
  if (!isComparison(values.compare))
    throw new Error(`--compare must be one of ${Object.keys(COMPARISONS).join(', ')}`);
  const shouldPackage = values.package && !values['no-package'];
  if (!shouldPackage && values.compare !== 'none')
    throw new Error('--compare needs packaging; drop --no-package');
  const variants: readonly BuildVariant[] = COMPARISONS[values.compare];

  const services: ServiceDirectory[] = values['service-dir']
    ? values['service-dir'].map((dir) => ({ name: path.basename(path.resolve(dir)), dir: path.resolve(dir) }))
    : findServices();
  if (services.length === 0) {
    console.log('bench:cold-start: no service under services/ has a serverless.yml; nothing to measure.');
    return 0;
  }

  const workDir = mkdtempSync(path.join(tmpdir(), 'stratus-cold-start-'));
  const rows: FunctionMeasurement[] = [];
  try {
    console.log(
      `Node ${process.version} (${process.execPath}); ${samples} fresh processes per function and per baseline`,
    );
    for (const variant of variants) {
      const externals = excludedModules(variant);
      const externalsFrom = externals.length > 0 ? REPOSITORY_NODE_MODULES : undefined;
      console.log(`\nvariant ${variant.name}: ${variant.description}`);
      if (externalsFrom) {
        console.log(
          `  externals (${externals.join(', ')}) are not in the zip; the child processes load them from ` +
            `${externalsFrom} (linked as node_modules beside the extracted bundle), as Lambda loads the runtime's SDK v3`,
        );
      }
      const functions: PackagedFunction[] = [];
      for (const service of services) {
        let packageDir = path.join(service.dir, '.serverless');
        if (shouldPackage) {
          packageDir = path.join(workDir, 'packages', variant.name, service.name);
          const started = performance.now();
          packageService(service.dir, {
            stage: values.stage,
            outputDir: packageDir,
            timeoutMs: Number(values['timeout-seconds']) * 1000,
            env: variant.overrides ? { STRATUS_ESBUILD_OVERRIDES: JSON.stringify(variant.overrides) } : {},
          });
          console.log(`  packaged ${service.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
        const found = readPackagedFunctions(service.dir, packageDir);
        if (found.length === 0) console.log(`  ${service.name}: no functions (nothing to measure)`);
        functions.push(...found);
      }
      for (const fn of functions) {
        rows.push(measureFunction(fn, { variant: variant.name, samples, workDir, externalsFrom }));
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  if (rows.length === 0) {
    console.log('\nbench:cold-start: no service has functions yet, so there is no zip to measure.');
    console.log(
      'Try it on the fixture: npm run bench:cold-start -- --service-dir scripts/test/fixtures/cold-start-service',
    );
    return 0;
  }

  console.log(
    `\nload ms = require/import of the bundle + resolving the handler export (load cpu ms: CPU time of the same); init ms = time from process start ` +
      `until the handler is resolved (Node start-up included: the local counterpart of Lambda's Init Duration). ` +
      `Medians. Targets: zip <= ${TARGETS.maxZipBytes / 1024} KB, init <= ${TARGETS.maxInitRatio}x the empty handler.\n`,
  );
  console.log(formatTable(rows));
  const failing = rows.filter((row) => !row.zipPass || !row.initPass);
  console.log(`\n${rows.length - failing.length} of ${rows.length} measurement(s) meet both targets`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
  return values.strict && failing.length > 0 ? 1 : 0;
}

runMain('bench:cold-start', main);
