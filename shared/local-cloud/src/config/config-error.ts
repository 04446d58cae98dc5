import path from 'node:path';

/**
 * A configuration the local cloud cannot run. The message names the service, the file
 * (serverless.yml or a handler) and the problem, so `npm start` can stop with it as is.
 */
export class LocalCloudConfigError extends Error {
  constructor(
    readonly service: string,
    readonly file: string,
    readonly problem: string,
  ) {
    super(`[${service}] ${displayPath(file)}: ${problem}`);
    this.name = 'LocalCloudConfigError';
  }
}

/** Several configuration errors found in one pass: a developer fixes them all at once. */
export class LocalCloudConfigErrors extends Error {
  constructor(readonly errors: LocalCloudConfigError[]) {
    super(
      `${errors.length} configuration problem${errors.length === 1 ? '' : 's'}:\n${errors.map((error) => `  - ${error.message}`).join('\n')}`,
    );
    this.name = 'LocalCloudConfigErrors';
  }
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
