import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws';

/** What `Ref` and `Fn::GetAtt` of one logical id give locally. */
export interface LocalReference {
  ref: string;
  attributes: Record<string, string>;
}

export interface IntrinsicContext {
  stackName: string;
  /** Logical id -> local values, for the resources the local cloud knows how to name. */
  references: ReadonlyMap<string, LocalReference>;
  /** CloudFormation exports of every service (Outputs with Export.Name), for Fn::ImportValue. */
  exports: ReadonlyMap<string, string>;
}

/** Thrown when a value cannot be resolved locally; `where` is a path such as `functions.place.environment.TABLE`. */
export class IntrinsicResolutionError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = 'IntrinsicResolutionError';
  }
}

const PSEUDO_PARAMETERS: Record<string, (context: IntrinsicContext) => string> = {
  'AWS::Region': () => LOCAL_REGION,
  'AWS::AccountId': () => LOCAL_ACCOUNT_ID,
  'AWS::Partition': () => 'aws',
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::StackName': (context) => context.stackName,
  'AWS::StackId': (context) =>
    `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stack/${context.stackName}/00000000-0000-0000-0000-000000000000`,
};

/** Marks a value that CloudFormation would drop (`Ref: AWS::NoValue`). */
const NO_VALUE = Symbol('AWS::NoValue');

export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

/** Whether any intrinsic function is left anywhere inside the value. */
export function containsIntrinsic(value: unknown): boolean {
  if (isIntrinsic(value)) return true;
  if (Array.isArray(value)) return value.some(containsIntrinsic);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsIntrinsic);
  return false;
}

/**
 * Resolves CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select,
 * Fn::Split, Fn::ImportValue, Fn::Base64) anywhere inside a value against local resources.
 * Conditions (Fn::If and friends) have no local meaning and are reported.
 */
export function resolveIntrinsics(value: unknown, context: IntrinsicContext, where: string): unknown {
  const resolved = resolveValue(value, context, where);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Same as resolveIntrinsics, for a value that must end up as a string (environment variables, names). */
export function resolveToString(value: unknown, context: IntrinsicContext, where: string): string {
  const resolved = resolveIntrinsics(value, context, where);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new IntrinsicResolutionError(where, `expected a string, got ${JSON.stringify(resolved)}`);
}

function resolveValue(value: unknown, context: IntrinsicContext, where: string): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item, index) => resolveValue(item, context, `${where}[${index}]`))
      .filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  if (isIntrinsic(value)) {
    const [name, argument] = Object.entries(value)[0] as [string, unknown];
    return resolveFunction(name, argument, context, where);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolveValue(item, context, `${where}.${key}`);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

function resolveFunction(name: string, argument: unknown, context: IntrinsicContext, where: string): unknown {
  switch (name) {
    case 'Ref':
      return resolveRef(resolveToString(argument, context, `${where}.Ref`), context, where);
    case 'Fn::GetAtt':
      return resolveGetAtt(argument, context, where);
    case 'Fn::Sub':
      return resolveSub(argument, context, where);
    case 'Fn::Join': {
      const [delimiter, list] = expectArray(argument, 2, where, name);
      const items = resolveValue(list, context, `${where}.${name}`);
      if (!Array.isArray(items)) throw new IntrinsicResolutionError(where, `${name} needs a list`);
      return items.map((item) => scalarString(item, where, name)).join(scalarString(delimiter, where, name));
    }
    case 'Fn::Select': {
      const [index, list] = expectArray(argument, 2, where, name);
      const items = resolveValue(list, context, `${where}.${name}`);
      const position = Number(resolveValue(index, context, where));
      if (!Array.isArray(items) || !Number.isInteger(position) || position < 0 || position >= items.length) {
        throw new IntrinsicResolutionError(where, `${name} index ${String(position)} is outside the list`);
      }
      return items[position];
    }
    case 'Fn::Split': {
      const [delimiter, source] = expectArray(argument, 2, where, name);
      return resolveToString(source, context, where).split(scalarString(delimiter, where, name));
    }
    case 'Fn::ImportValue': {
      const exportName = resolveToString(argument, context, `${where}.${name}`);
      const exported = context.exports.get(exportName);
      if (exported === undefined) {
        throw new IntrinsicResolutionError(
          where,
          `Fn::ImportValue '${exportName}': no service exports that name locally (add it to that service's resources.Outputs with Export.Name, or give the value as a plain string for the local stage)`,
        );
      }
      return exported;
    }
    case 'Fn::Base64':
      return Buffer.from(resolveToString(argument, context, where), 'utf8').toString('base64');
    default:
      throw new IntrinsicResolutionError(
        where,
        `${name} is not supported locally; use a plain value for the local stage`,
      );
  }
}

function resolveRef(target: string, context: IntrinsicContext, where: string): unknown {
  if (target === 'AWS::NoValue') return NO_VALUE;
  const pseudo = PSEUDO_PARAMETERS[target];
  if (pseudo) return pseudo(context);
  const reference = context.references.get(target);
  if (reference === undefined) {
    throw new IntrinsicResolutionError(
      where,
      `Ref '${target}': no resource with that logical id is created locally`,
    );
  }
  return reference.ref;
}

function resolveGetAtt(argument: unknown, context: IntrinsicContext, where: string): string {
  let logicalId: string;
  let attribute: string;
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    logicalId = argument.slice(0, dot);
    attribute = argument.slice(dot + 1);
  } else {
    const [id, attr] = expectArray(argument, 2, where, 'Fn::GetAtt');
    logicalId = resolveToString(id, context, where);
    attribute = resolveToString(attr, context, where);
  }
  const reference = context.references.get(logicalId);
  if (reference === undefined) {
    throw new IntrinsicResolutionError(
      where,
      `Fn::GetAtt '${logicalId}.${attribute}': no resource with that logical id is created locally`,
    );
  }
  const value = reference.attributes[attribute];
  if (value === undefined) {
    throw new IntrinsicResolutionError(
      where,
      `Fn::GetAtt '${logicalId}.${attribute}': attribute not available locally (known: ${Object.keys(reference.attributes).join(', ') || 'none'})`,
    );
  }
  return value;
}

function resolveSub(argument: unknown, context: IntrinsicContext, where: string): string {
  let template: string;
  let variables: Record<string, unknown> = {};
  if (typeof argument === 'string') {
    template = argument;
  } else {
    const [text, vars] = expectArray(argument, 2, where, 'Fn::Sub');
    template = scalarString(text, where, 'Fn::Sub');
    if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) {
      throw new IntrinsicResolutionError(where, 'Fn::Sub variables must be a mapping');
    }
    variables = vars as Record<string, unknown>;
  }
  // `${!Literal}` stays as `${Literal}`; every other `${Name}` or `${Name.Attr}` is substituted.
  return template.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    if (Object.hasOwn(variables, inner))
      return resolveToString(variables[inner], context, `${where}.Fn::Sub.${inner}`);
    const dot = inner.indexOf('.');
    if (dot > 0 && !inner.startsWith('AWS::')) {
      return resolveGetAtt([inner.slice(0, dot), inner.slice(dot + 1)], context, where);
    }
    const resolved = resolveRef(inner, context, where);
    return resolved === NO_VALUE ? '' : String(resolved);
  });
}

function expectArray(argument: unknown, length: number, where: string, name: string): unknown[] {
  if (!Array.isArray(argument) || argument.length !== length) {
    throw new IntrinsicResolutionError(
      where,
      `${name} needs a list of ${length} items, got ${JSON.stringify(argument)}`,
    );
  }
  return argument;
}

function scalarString(value: unknown, where: string, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicResolutionError(where, `${name} needs plain values, got ${JSON.stringify(value)}`);
}
