import { AwsServiceError } from '../support/aws-json-server';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/local-client-config';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

export interface ParameterVersion {
  value: string;
  type: ParameterType;
  version: number;
  lastModified: string;
  description?: string;
  dataType: string;
}

/** The `Parameter` shape of GetParameter(s) responses. */
export interface ParameterOutput {
  Name: string;
  Type: ParameterType;
  Value: string;
  Version: number;
  LastModifiedDate: number;
  ARN: string;
  DataType: string;
  Selector?: string;
}

export interface PutParameterInput {
  name: string;
  value: string;
  type?: ParameterType;
  overwrite?: boolean;
  description?: string;
  dataType?: string;
}

const MAX_BY_PATH_RESULTS = 10;
const MAX_GET_PARAMETERS = 10;
const MAX_VALUE_LENGTH = 8192;

/**
 * SSM Parameter Store semantics, in memory: versions, selectors (`name:3`), hierarchies for
 * GetParametersByPath, SecureString values hidden unless WithDecryption is true.
 *
 * There is no KMS locally: without WithDecryption a SecureString answers an opaque base64 stand-in
 * for the ciphertext (never the plain value), like AWS answers the real ciphertext.
 */
export class ParameterStore {
  private readonly parameters = new Map<string, ParameterVersion[]>();

  constructor(
    private readonly region = LOCAL_REGION,
    private readonly accountId = LOCAL_ACCOUNT_ID,
  ) {}

  getParameter(nameOrSelector: string, withDecryption = false): ParameterOutput {
    const { name, selector, version } = this.parseSelector(nameOrSelector);
    const versions = this.parameters.get(name);
    if (versions === undefined) {
      throw new AwsServiceError('ParameterNotFound', `Parameter ${name} not found.`);
    }
    const found =
      version === undefined ? versions.at(-1) : versions.find((candidate) => candidate.version === version);
    if (found === undefined) {
      throw new AwsServiceError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
      );
    }
    return this.output(name, found, withDecryption, selector);
  }

  getParameters(
    names: string[],
    withDecryption = false,
  ): { Parameters: ParameterOutput[]; InvalidParameters: string[] } {
    if (names.length === 0 || names.length > MAX_GET_PARAMETERS) {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and ${MAX_GET_PARAMETERS}`,
      );
    }
    const parameters: ParameterOutput[] = [];
    const invalid: string[] = [];
    for (const name of [...new Set(names)]) {
      try {
        parameters.push(this.getParameter(name, withDecryption));
      } catch (error) {
        const missing =
          error instanceof AwsServiceError &&
          (error.code === 'ParameterNotFound' || error.code === 'ParameterVersionNotFound');
        if (!missing) throw error;
        invalid.push(name);
      }
    }
    return { Parameters: parameters, InvalidParameters: invalid };
  }

  getParametersByPath(options: {
    path: string;
    recursive?: boolean;
    withDecryption?: boolean;
    maxResults?: number;
    nextToken?: string;
  }): { Parameters: ParameterOutput[]; NextToken?: string } {
    if (!options.path.startsWith('/')) {
      throw new AwsServiceError(
        'ValidationException',
        'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
      );
    }
    const maxResults = options.maxResults ?? MAX_BY_PATH_RESULTS;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_BY_PATH_RESULTS) {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_BY_PATH_RESULTS}`,
      );
    }
    const base = options.path === '/' ? '' : options.path.replace(/\/+$/, '');
    const matching = [...this.parameters.keys()]
      .filter((name) => {
        if (!name.startsWith(`${base}/`)) return false;
        return options.recursive === true || !name.slice(base.length + 1).includes('/');
      })
      .sort();
    const start = options.nextToken === undefined ? 0 : decodeToken(options.nextToken);
    const page = matching.slice(start, start + maxResults);
    const next = start + maxResults < matching.length ? encodeToken(start + maxResults) : undefined;
    return {
      Parameters: page.map((name) =>
        this.output(
          name,
          this.parameters.get(name)?.at(-1) as ParameterVersion,
          options.withDecryption === true,
        ),
      ),
      ...(next === undefined ? {} : { NextToken: next }),
    };
  }

  putParameter(request: PutParameterInput): { Version: number; Tier: 'Standard' } {
    assertParameterName(request.name);
    if (request.value.length === 0 || request.value.length > MAX_VALUE_LENGTH) {
      throw new AwsServiceError(
        'ValidationException',
        `Parameter value must be between 1 and ${MAX_VALUE_LENGTH} characters.`,
      );
    }
    if (request.type !== undefined && !PARAMETER_TYPES.includes(request.type)) {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value '${request.type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
      );
    }
    const versions = this.parameters.get(request.name);
    const current = versions?.at(-1);
    if (current !== undefined && request.overwrite !== true) {
      throw new AwsServiceError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    }
    const version: ParameterVersion = {
      value: request.value,
      type: request.type ?? current?.type ?? 'String',
      version: (current?.version ?? 0) + 1,
      lastModified: new Date().toISOString(),
      dataType: request.dataType ?? current?.dataType ?? 'text',
      ...((request.description ?? current?.description) === undefined
        ? {}
        : { description: request.description ?? current?.description }),
    };
    this.parameters.set(request.name, [...(versions ?? []), version]);
    return { Version: version.version, Tier: 'Standard' };
  }

  deleteParameter(name: string): void {
    if (!this.parameters.delete(name)) {
      throw new AwsServiceError('ParameterNotFound', `Parameter ${name} not found.`);
    }
  }

  /** The newest version, or undefined. */
  current(name: string): ParameterVersion | undefined {
    return this.parameters.get(name)?.at(-1);
  }

  snapshot(): Record<string, ParameterVersion[]> {
    return Object.fromEntries(this.parameters);
  }

  restore(snapshot: Record<string, ParameterVersion[]>): void {
    this.parameters.clear();
    for (const [name, versions] of Object.entries(snapshot)) this.parameters.set(name, versions);
  }

  arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }

  private output(
    name: string,
    version: ParameterVersion,
    withDecryption: boolean,
    selector?: string,
  ): ParameterOutput {
    const hidden = version.type === 'SecureString' && !withDecryption;
    return {
      Name: name,
      Type: version.type,
      Value: hidden
        ? Buffer.from(`local-kms-ciphertext:${name}:${version.version}`).toString('base64')
        : version.value,
      Version: version.version,
      LastModifiedDate: Date.parse(version.lastModified) / 1000,
      ARN: this.arn(name),
      DataType: version.dataType,
      ...(selector === undefined ? {} : { Selector: selector }),
    };
  }

  /** Accepts a name, an ARN, and either with a `:version` selector. Labels are not supported locally. */
  private parseSelector(raw: string): { name: string; selector?: string; version?: number } {
    let text = raw;
    const arnPrefix = `arn:aws:ssm:`;
    if (text.startsWith(arnPrefix)) {
      const match = /^arn:aws:ssm:[\w-]+:\d{12}:parameter(\/.*)$/.exec(text);
      if (match === null) throw new AwsServiceError('ValidationException', `Invalid parameter ARN: ${raw}`);
      text = match[1] as string;
      const withoutSlash = text.slice(1).split(':')[0] as string;
      if (!this.parameters.has(text.split(':')[0] as string) && this.parameters.has(withoutSlash))
        text = text.slice(1);
    }
    const colon = text.lastIndexOf(':');
    if (colon === -1) return { name: text };
    const name = text.slice(0, colon);
    const selector = text.slice(colon);
    const label = selector.slice(1);
    if (!/^\d+$/.test(label)) {
      throw new AwsServiceError(
        'ValidationException',
        `Parameter labels (${selector}) are not supported by the local emulator; use a version number selector`,
      );
    }
    return { name, selector, version: Number(label) };
  }
}

export function assertParameterName(name: string): void {
  const problems: string[] = [];
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) problems.push('only a-zA-Z0-9_.-/ are allowed');
  if (name.includes('/') && !name.startsWith('/')) problems.push('a hierarchical name must begin with "/"');
  if (/^\/?(aws|ssm)/i.test(name)) problems.push('names beginning with aws or ssm are reserved');
  if (name.split('/').filter(Boolean).length > 15) problems.push('at most 15 levels');
  if (name.length > 1011) problems.push('at most 1011 characters');
  if (problems.length > 0) {
    throw new AwsServiceError(
      'ValidationException',
      `Parameter name ${name} is not valid: ${problems.join('; ')}`,
    );
  }
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new AwsServiceError('InvalidNextToken', 'The specified token is not valid.');
}
