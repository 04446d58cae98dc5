import type { Target } from '@aws-sdk/client-eventbridge';
import { type JsonPathSegment, evaluateJsonPath, parseJsonPath } from './json-path';

/** What a target's input may be built from, besides the event itself. */
export interface TargetInputContext {
  /** The event, parsed with `parseJsonPreservingNumbers` so numbers keep their text. */
  readonly event: Record<string, unknown>;
  readonly eventJson: string;
  readonly ruleName: string;
  readonly ruleArn: string;
  /** ISO 8601 time the bus received the event. */
  readonly ingestionTime: string;
}

export class TargetInputError extends Error {}

const PREDEFINED = {
  ruleArn: 'aws.events.rule-arn',
  ruleName: 'aws.events.rule-name',
  ingestionTime: 'aws.events.event.ingestion-time',
  eventWithoutDetail: 'aws.events.event',
  eventJson: 'aws.events.event.json',
} as const;
const PREDEFINED_NAMES = new Set<string>(Object.values(PREDEFINED));
const MAX_VARIABLES = 100;
const MAX_TEMPLATE_LENGTH = 8192;
const VARIABLE_NAME = /^[A-Za-z0-9_.-]+$/;

function parsePath(path: string, where: string): JsonPathSegment[] {
  try {
    return parseJsonPath(path);
  } catch (error) {
    throw new TargetInputError(`${where} is not valid: ${(error as Error).message}`);
  }
}

/**
 * Refuses a target whose input options the service would refuse at PutTargets: more than one
 * of Input/InputPath/InputTransformer, Input that is not JSON, unsupported JSON paths,
 * reserved or malformed variable names, a missing or oversized template.
 */
export function validateTargetInput(target: Target): void {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter(
    (option) => option !== undefined,
  );
  if (given.length > 1) {
    throw new TargetInputError(
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`,
    );
  }
  if (target.Input !== undefined) {
    try {
      JSON.parse(target.Input);
    } catch {
      throw new TargetInputError(`Input for target ${target.Id} is not valid JSON text.`);
    }
  }
  if (target.InputPath !== undefined) parsePath(target.InputPath, `InputPath for target ${target.Id}`);
  const transformer = target.InputTransformer;
  if (transformer) {
    if (typeof transformer.InputTemplate !== 'string' || transformer.InputTemplate.length === 0) {
      throw new TargetInputError(`InputTemplate is required in the InputTransformer of target ${target.Id}.`);
    }
    if (transformer.InputTemplate.length > MAX_TEMPLATE_LENGTH) {
      throw new TargetInputError(
        `InputTemplate of target ${target.Id} is longer than ${MAX_TEMPLATE_LENGTH} characters.`,
      );
    }
    const variables = Object.entries(transformer.InputPathsMap ?? {});
    if (variables.length > MAX_VARIABLES) {
      throw new TargetInputError(
        `InputPathsMap of target ${target.Id} defines more than ${MAX_VARIABLES} variables.`,
      );
    }
    for (const [name, path] of variables) {
      if (PREDEFINED_NAMES.has(name) || name.startsWith('aws.events.')) {
        throw new TargetInputError(
          `InputPathsMap of target ${target.Id} uses the reserved variable name ${name}.`,
        );
      }
      if (!VARIABLE_NAME.test(name)) {
        throw new TargetInputError(
          `InputPathsMap of target ${target.Id} has an invalid variable name ${name}.`,
        );
      }
      parsePath(path, `InputPathsMap.${name} of target ${target.Id}`);
    }
  }
}

function predefinedValue(
  name: string,
  context: TargetInputContext,
): { found: true; value: unknown } | undefined {
  switch (name) {
    case PREDEFINED.ruleArn:
      return { found: true, value: context.ruleArn };
    case PREDEFINED.ruleName:
      return { found: true, value: context.ruleName };
    case PREDEFINED.ingestionTime:
      return { found: true, value: context.ingestionTime };
    case PREDEFINED.eventJson:
      return { found: true, value: context.event };
    case PREDEFINED.eventWithoutDetail: {
      const { detail: _detail, ...envelope } = context.event;
      return { found: true, value: envelope };
    }
    default:
      return undefined;
  }
}

const escapeForJsonString = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * Fills an InputTemplate the way the documentation describes: a placeholder inside a JSON
 * string is replaced by the bare (escaped) text of its value; outside quotes, in a JSON
 * template (starting with `{` or `[`) it becomes a JSON value (strings gain quotes), and in a
 * plain-text template it becomes the bare text. A variable whose path names nothing in the
 * event "isn't created and won't appear in the output". `<` `>` around unknown names stay.
 */
function renderTemplate(
  template: string,
  variables: ReadonlyMap<string, { found: true; value: unknown } | { found: false }>,
  context: TargetInputContext,
): string {
  const jsonTemplate = /^\s*[[{]/.test(template);
  let output = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] as string;
    if (ch === '<') {
      const close = template.indexOf('>', i + 1);
      const name = close > i ? template.slice(i + 1, close) : '';
      const resolved = variables.get(name) ?? predefinedValue(name, context);
      if (resolved) {
        if (resolved.found) {
          const { value } = resolved;
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          if (inString) output += escapeForJsonString(text);
          else if (jsonTemplate) output += JSON.stringify(value);
          else output += text;
        }
        i = close;
        continue;
      }
    }
    if (inString && ch === '\\') {
      output += ch + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    output += ch;
  }
  return output;
}

/** The text EventBridge hands the target: the event, Input, the InputPath result, or the filled template. */
export function renderTargetInput(target: Target, context: TargetInputContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const result = evaluateJsonPath(parseJsonPath(target.InputPath), context.event);
    return result.found ? JSON.stringify(result.value) : 'null';
  }
  const transformer = target.InputTransformer;
  if (transformer?.InputTemplate !== undefined) {
    const variables = new Map<string, { found: true; value: unknown } | { found: false }>();
    for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) {
      variables.set(name, evaluateJsonPath(parseJsonPath(path), context.event));
    }
    return renderTemplate(transformer.InputTemplate, variables, context);
  }
  return context.eventJson;
}
