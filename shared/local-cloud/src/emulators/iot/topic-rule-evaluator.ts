import { topicMatches } from './topic-filter';
import type { Expression, ParsedTopicRule } from './topic-rule-sql';

/** AWS IoT SQL's Undefined: a missing field, a failed conversion. Never part of the output. */
export const UNDEFINED: unique symbol = Symbol('Undefined');
export type SqlValue =
  string | number | boolean | null | SqlValue[] | { [key: string]: SqlValue } | typeof UNDEFINED;

export interface MqttMessage {
  topic: string;
  /** Raw bytes or text (parsed as JSON when possible) or an already parsed value. */
  payload: Buffer | Uint8Array | string | unknown;
  /** Client id of the publisher, for clientid(). */
  clientId?: string;
  /** Epoch milliseconds for timestamp(); default: now. */
  timestamp?: number;
}

export interface RuleEvaluation {
  /** The rule's output: the selected object (or, for a plain `SELECT *` over a non-object payload, the payload). */
  output: unknown;
}

export interface EvaluationContext {
  topic: string;
  payload: unknown;
  clientId?: string;
  timestamp: number;
}

/**
 * Runs a parsed rule over a message: undefined when the topic does not match the FROM filter or
 * the WHERE condition is not true, else the output the rule's action receives.
 *
 * Semantics follow the AWS IoT SQL reference: a missing field is Undefined; `=` and `<>` compare
 * any two values (numbers numerically, others by JSON equality) and give Undefined when a side is
 * Undefined; `<`, `<=`, `>`, `>=` convert both sides to decimals (numeric strings count, booleans
 * do not) and give Undefined otherwise; AND, OR and NOT accept booleans and the strings
 * "true"/"false" (any case) and give Undefined for anything else. The rule fires only on true.
 */
export function evaluateTopicRule(rule: ParsedTopicRule, message: MqttMessage): RuleEvaluation | undefined {
  if (!topicMatches(rule.topicFilter, message.topic)) return undefined;
  const context: EvaluationContext = {
    topic: message.topic,
    payload: parsePayload(message.payload),
    timestamp: message.timestamp ?? Date.now(),
    ...(message.clientId === undefined ? {} : { clientId: message.clientId }),
  };
  if (rule.where !== undefined && toBoolean(evaluateExpression(rule.where, context)) !== true)
    return undefined;
  const payloadIsObject = isObject(context.payload);
  if (rule.selectAll && rule.items.length === 0 && !payloadIsObject) return { output: context.payload };
  const output: Record<string, unknown> =
    rule.selectAll && payloadIsObject ? { ...(context.payload as object) } : {};
  for (const item of rule.items) {
    const value = evaluateExpression(item.expression, context);
    if (value !== UNDEFINED) output[item.alias] = value;
  }
  return { output };
}

export function evaluateExpression(expression: Expression, context: EvaluationContext): SqlValue {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'field': {
      let current: unknown = context.payload;
      for (const step of expression.path) {
        if (typeof step === 'number') {
          if (!Array.isArray(current) || step >= current.length) return UNDEFINED;
          current = current[step];
        } else {
          if (!isObject(current) || !Object.hasOwn(current, step)) return UNDEFINED;
          current = (current as Record<string, unknown>)[step];
        }
      }
      return current === undefined ? UNDEFINED : (current as SqlValue);
    }
    case 'call':
      switch (expression.name) {
        case 'topic': {
          if (expression.args.length === 0) return context.topic;
          const index = (expression.args[0] as { value: number }).value;
          return context.topic.split('/')[index - 1] ?? UNDEFINED;
        }
        case 'timestamp':
          return context.timestamp;
        case 'clientid':
          return context.clientId ?? UNDEFINED;
      }
      return UNDEFINED;
    case 'not': {
      const operand = toBoolean(evaluateExpression(expression.operand, context));
      return operand === UNDEFINED ? UNDEFINED : !operand;
    }
    case 'and':
    case 'or': {
      const left = toBoolean(evaluateExpression(expression.left, context));
      const right = toBoolean(evaluateExpression(expression.right, context));
      if (left === UNDEFINED || right === UNDEFINED) return UNDEFINED;
      return expression.kind === 'and' ? left && right : left || right;
    }
    case 'compare': {
      const left = evaluateExpression(expression.left, context);
      const right = evaluateExpression(expression.right, context);
      if (left === UNDEFINED || right === UNDEFINED) return UNDEFINED;
      if (expression.operator === '=' || expression.operator === '<>') {
        const equal =
          typeof left === 'number' && typeof right === 'number' ? left === right : jsonEqual(left, right);
        return expression.operator === '=' ? equal : !equal;
      }
      const a = toDecimal(left);
      const b = toDecimal(right);
      if (a === UNDEFINED || b === UNDEFINED) return UNDEFINED;
      switch (expression.operator) {
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
      }
    }
  }
  return UNDEFINED;
}

/** Booleans, and the strings "true"/"false" in any case; anything else is Undefined. */
export function toBoolean(value: SqlValue): boolean | typeof UNDEFINED {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return UNDEFINED;
}

/** Numbers, and strings that read as a decimal number; anything else is Undefined. */
export function toDecimal(value: SqlValue): number | typeof UNDEFINED {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value))
    return Number(value);
  return UNDEFINED;
}

function parsePayload(payload: unknown): unknown {
  let text: string | undefined;
  if (typeof payload === 'string') text = payload;
  // isView, not instanceof: payloads may come from another realm (a worker thread, a Jest sandbox).
  else if (ArrayBuffer.isView(payload))
    text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  else return payload;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
    );
  }
  return false;
}
