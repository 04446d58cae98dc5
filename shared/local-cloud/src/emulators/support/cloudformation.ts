/** A resource as it appears under `Resources:` of a (resolved) CloudFormation template. */
export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  [other: string]: unknown;
}

/** The `Resources` section of a template: logical id -> resource. */
export type CloudFormationResources = Record<string, CloudFormationResource>;

/** Thrown when a template value cannot be used locally; names the logical id and the property. */
export class UnsupportedTemplateValueError extends Error {
  constructor(logicalId: string, property: string, value: unknown, hint: string) {
    super(`${logicalId}.${property}: ${hint}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
    this.name = 'UnsupportedTemplateValueError';
  }
}

export function resourcesOfType(
  resources: CloudFormationResources,
  type: string,
): [string, CloudFormationResource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Template numbers often arrive as strings from YAML or variable resolution. */
export function templateNumber(logicalId: string, property: string, value: unknown): number {
  const result = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof result !== 'number' || !Number.isFinite(result)) {
    throw new UnsupportedTemplateValueError(logicalId, property, value, 'expected a number');
  }
  return result;
}

export function templateBoolean(logicalId: string, property: string, value: unknown): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new UnsupportedTemplateValueError(logicalId, property, value, 'expected true or false');
}

export function templateString(logicalId: string, property: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new UnsupportedTemplateValueError(
      logicalId,
      property,
      value,
      'expected a plain string; resolve intrinsic functions (Ref, Fn::Sub, ...) before creating local resources',
    );
  }
  return value;
}
