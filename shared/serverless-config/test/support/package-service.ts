import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PackagedService {
  outputDir: string;
  template: CloudFormationTemplate;
  zips: string[];
}

export interface CloudFormationTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/** Variables that would let `serverless package` reach AWS; packaging must work without them. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];

/**
 * Runs `serverless package` for the service in `serviceDir` into a fresh temporary directory,
 * with no AWS credentials, bounded by a timeout (serverless-esbuild hangs on a failed build).
 */
export function packageService(serviceDir: string, stage: string, timeoutMs = 120_000): PackagedService {
  const outputDir = mkdtempSync(path.join(tmpdir(), 'stratus-package-'));
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1', SLS_TELEMETRY_DISABLED: '1' };
  for (const name of CREDENTIAL_VARIABLES) delete env[name];
  const result = spawnSync(
    process.execPath,
    [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', stage, '--package', outputDir],
    { cwd: serviceDir, env, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' },
  );
  if (result.error || result.status !== 0) {
    throw new Error(
      `serverless package --stage ${stage} failed in ${serviceDir} ` +
        `(status ${String(result.status)}, ${result.error?.message ?? 'no spawn error'}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  const template = JSON.parse(
    readFileSync(path.join(outputDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CloudFormationTemplate;
  const zips = readdirSync(outputDir).filter((name) => name.endsWith('.zip'));
  return { outputDir, template, zips };
}
