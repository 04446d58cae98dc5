import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: unknown;
}

export interface CloudFormationTemplate {
  Resources: Record<string, CloudFormationResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string; Export?: { Name: unknown } }>;
}

export interface PackagedService {
  /** Directory holding the zips and templates (a fresh temporary directory unless given). */
  outputDir: string;
  template: CloudFormationTemplate;
  /** File names of the function zips in `outputDir`. */
  zips: string[];
}

export interface PackageServiceOptions {
  stage: string;
  /** Where to write the package; default: a new temporary directory. */
  outputDir?: string;
  /** serverless-esbuild hangs forever on a failed build, so every run is bounded. */
  timeoutMs?: number;
  /** Extra environment for the run (e.g. STRATUS_ESBUILD_OVERRIDES). */
  env?: NodeJS.ProcessEnv;
}

export class PackageServiceError extends Error {
  override readonly name = 'PackageServiceError';
}

/** Variables that would let `serverless package` reach AWS; packaging must work without them. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];

/**
 * Runs `serverless package` for the service in `serviceDir` with no AWS credentials, bounded by a
 * timeout, on the Node that runs this code, and reads back the CloudFormation template.
 */
export function packageService(serviceDir: string, options: PackageServiceOptions): PackagedService {
  const outputDir = options.outputDir ?? mkdtempSync(path.join(tmpdir(), 'stratus-package-'));
  const timeoutMs = options.timeoutMs ?? 180_000;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    SLS_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  for (const name of CREDENTIAL_VARIABLES) delete env[name];
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('serverless/bin/serverless.js'),
      'package',
      '--stage',
      options.stage,
      '--package',
      outputDir,
    ],
    {
      cwd: serviceDir,
      env,
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.error || result.status !== 0) {
    const reason =
      result.signal === 'SIGKILL'
        ? `killed after ${timeoutMs} ms`
        : `exit ${String(result.status)}, ${result.error?.message ?? ''}`;
    throw new PackageServiceError(
      `serverless package --stage ${options.stage} failed in ${serviceDir} (${reason}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  const template = JSON.parse(
    readFileSync(path.join(outputDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CloudFormationTemplate;
  const zips = readdirSync(outputDir)
    .filter((name) => name.endsWith('.zip'))
    .sort();
  return { outputDir, template, zips };
}
