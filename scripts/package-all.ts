/**
 * `npm run package:all`: `serverless package` of every service under services/ that has a
 * serverless.yml, one after the other, offline (AWS credentials removed from the environment),
 * each bounded by a timeout because serverless-esbuild hangs forever on a failed build.
 *
 *   npm run package:all -- [--stage dev] [--timeout-seconds 300] [--service orders ...]
 *
 * Output goes to each service's .serverless/ folder. Exits 1 if any service fails or times out.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageService, PackageServiceError } from '@stratus/serverless-config';
import { runMain } from './src/run-main';
import { findServices } from './src/packaging/find-services';

function main(): number {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: process.env.STAGE ?? 'dev' },
      'timeout-seconds': { type: 'string', default: '300' },
      service: { type: 'string', multiple: true },
    },
  });
  const timeoutMs = Number(values['timeout-seconds']) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new Error('--timeout-seconds must be a positive number');

  const wanted = values.service;
  const services = findServices().filter((service) => !wanted || wanted.includes(service.name));
  if (wanted) {
    const missing = wanted.filter((name) => !services.some((service) => service.name === name));
    if (missing.length > 0) throw new Error(`No services/<name>/serverless.yml for: ${missing.join(', ')}`);
  }
  if (services.length === 0) {
    console.log('package:all: no service under services/ has a serverless.yml; nothing to package.');
    return 0;
  }

  let failures = 0;
  for (const service of services) {
    const started = performance.now();
    try {
      const packaged = packageService(service.dir, {
        stage: values.stage,
        timeoutMs,
        outputDir: path.join(service.dir, '.serverless'),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `ok    ${service.name} (stage ${values.stage}, ${packaged.zips.length} function zip(s), ${seconds} s)`,
      );
    } catch (error) {
      failures += 1;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.error(`FAIL  ${service.name} (stage ${values.stage}, ${seconds} s)`);
      console.error(error instanceof PackageServiceError ? error.message : error);
    }
  }
  console.log(`package:all: ${services.length - failures} of ${services.length} service(s) packaged`);
  return failures === 0 ? 0 : 1;
}

runMain('package:all', main);
