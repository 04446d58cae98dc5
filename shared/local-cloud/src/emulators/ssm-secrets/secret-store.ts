import { createHash, randomUUID } from 'node:crypto';
import { AwsServiceError } from '../support/aws-json-server';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/local-client-config';

export interface SecretVersion {
  versionId: string;
  secretString?: string;
  /** base64, as the JSON protocol carries blobs */
  secretBinary?: string;
  stages: string[];
  created: string;
}

export interface StoredSecret {
  name: string;
  arn: string;
  description?: string;
  created: string;
  lastChanged: string;
  versions: SecretVersion[];
}

export interface SecretValueInput {
  secretString?: string;
  secretBinary?: string;
  clientRequestToken?: string;
}

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';
const NOT_FOUND = "Secrets Manager can't find the specified secret.";

/**
 * Secrets Manager semantics, in memory: secrets addressed by name, full ARN or partial ARN; versions
 * with AWSCURRENT/AWSPREVIOUS staging labels; idempotent ClientRequestToken.
 */
export class SecretStore {
  private readonly secrets = new Map<string, StoredSecret>();

  constructor(
    private readonly region = LOCAL_REGION,
    private readonly accountId = LOCAL_ACCOUNT_ID,
  ) {}

  createSecret(
    name: string,
    value: SecretValueInput,
    description?: string,
  ): { ARN: string; Name: string; VersionId?: string } {
    assertSecretName(name);
    if (this.secrets.has(name)) {
      throw new AwsServiceError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const now = new Date().toISOString();
    const secret: StoredSecret = {
      name,
      arn: this.arnFor(name),
      created: now,
      lastChanged: now,
      versions: [],
      ...(description === undefined ? {} : { description }),
    };
    this.secrets.set(name, secret);
    if (value.secretString === undefined && value.secretBinary === undefined) {
      return { ARN: secret.arn, Name: name };
    }
    const version = this.addVersion(secret, value);
    return { ARN: secret.arn, Name: name, VersionId: version.versionId };
  }

  putSecretValue(
    secretId: string,
    value: SecretValueInput,
  ): { ARN: string; Name: string; VersionId: string; VersionStages: string[] } {
    const secret = this.find(secretId);
    const version = this.addVersion(secret, value);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      VersionStages: version.stages,
    };
  }

  getSecretValue(secretId: string, versionId?: string, versionStage?: string) {
    const secret = this.find(secretId);
    const stage = versionStage ?? (versionId === undefined ? CURRENT : undefined);
    const version = secret.versions.find(
      (candidate) =>
        (versionId === undefined || candidate.versionId === versionId) &&
        (stage === undefined || candidate.stages.includes(stage)),
    );
    if (version === undefined) {
      throw new AwsServiceError(
        'ResourceNotFoundException',
        versionId === undefined
          ? `Secrets Manager can't find the specified secret value for staging label: ${stage}`
          : `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(version.secretString === undefined ? {} : { SecretString: version.secretString }),
      ...(version.secretBinary === undefined ? {} : { SecretBinary: version.secretBinary }),
      VersionStages: version.stages,
      CreatedDate: Date.parse(version.created) / 1000,
    };
  }

  describeSecret(secretId: string) {
    const secret = this.find(secretId);
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description === undefined ? {} : { Description: secret.description }),
      CreatedDate: Date.parse(secret.created) / 1000,
      LastChangedDate: Date.parse(secret.lastChanged) / 1000,
      VersionIdsToStages: Object.fromEntries(
        secret.versions
          .filter((version) => version.stages.length > 0)
          .map((version) => [version.versionId, version.stages]),
      ),
    };
  }

  /** The AWSCURRENT value, or undefined. */
  current(name: string): SecretVersion | undefined {
    return this.secrets.get(name)?.versions.find((version) => version.stages.includes(CURRENT));
  }

  has(name: string): boolean {
    return this.secrets.has(name);
  }

  snapshot(): Record<string, StoredSecret> {
    return Object.fromEntries(this.secrets);
  }

  restore(snapshot: Record<string, StoredSecret>): void {
    this.secrets.clear();
    for (const [name, secret] of Object.entries(snapshot)) this.secrets.set(name, secret);
  }

  /** A stable ARN with the six-character suffix AWS appends, derived from the name so restarts keep it. */
  arnFor(name: string): string {
    const suffix = createHash('sha256')
      .update(name)
      .digest('base64url')
      .replace(/[^A-Za-z0-9]/g, 'x')
      .slice(0, 6);
    return `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${suffix}`;
  }

  private find(secretId: string): StoredSecret {
    const byName = this.secrets.get(secretId);
    if (byName !== undefined) return byName;
    for (const secret of this.secrets.values()) {
      // Full ARN, or a partial ARN without the random suffix.
      if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) return secret;
    }
    throw new AwsServiceError('ResourceNotFoundException', NOT_FOUND);
  }

  private addVersion(secret: StoredSecret, value: SecretValueInput): SecretVersion {
    if ((value.secretString === undefined) === (value.secretBinary === undefined)) {
      throw new AwsServiceError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary, but not both.',
      );
    }
    if (value.clientRequestToken !== undefined) {
      const existing = secret.versions.find((version) => version.versionId === value.clientRequestToken);
      if (existing !== undefined) {
        if (existing.secretString === value.secretString && existing.secretBinary === value.secretBinary)
          return existing;
        throw new AwsServiceError(
          'ResourceExistsException',
          "You can't modify an existing version, you can only create a new version.",
        );
      }
    }
    for (const version of secret.versions) {
      version.stages = version.stages.filter((stage) => stage !== PREVIOUS);
      if (version.stages.includes(CURRENT)) {
        version.stages = [...version.stages.filter((stage) => stage !== CURRENT), PREVIOUS];
      }
    }
    const now = new Date().toISOString();
    const version: SecretVersion = {
      versionId: value.clientRequestToken ?? randomUUID(),
      stages: [CURRENT],
      created: now,
      ...(value.secretString === undefined ? {} : { secretString: value.secretString }),
      ...(value.secretBinary === undefined ? {} : { secretBinary: value.secretBinary }),
    };
    secret.versions.push(version);
    secret.lastChanged = now;
    return version;
  }
}

export function assertSecretName(name: string): void {
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
    throw new AwsServiceError(
      'ValidationException',
      `Invalid name ${name}: use 1-512 characters of A-Z a-z 0-9 / _ + = . @ -`,
    );
  }
}
