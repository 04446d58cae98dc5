import { readFileSync } from 'node:fs';
import type { ParameterType } from './parameter-store';
import { PARAMETER_TYPES } from './parameter-store';

/**
 * The local secrets file (for example `.local-cloud/secrets.json`, git-ignored):
 *
 * ```json
 * {
 *   "parameters": {
 *     "/stratus/local/orders/table": "orders",
 *     "/stratus/local/skus": ["A-1", "B-2"],
 *     "/stratus/local/payment/webhook-key": { "value": "whsec_123", "type": "SecureString" }
 *   },
 *   "secrets": {
 *     "stratus/local/payment": { "apiKey": "sk_test_123" },
 *     "stratus/local/plain": "just a string"
 *   }
 * }
 * ```
 * A string parameter is a String, a list a StringList; a secret object is stored as its JSON text.
 */
export interface SeedDocument {
  parameters?: Record<
    string,
    string | string[] | { value: string | string[]; type?: ParameterType; description?: string }
  >;
  secrets?: Record<string, unknown>;
}

export interface SeedParameter {
  name: string;
  value: string;
  type: ParameterType;
  description?: string;
}

export interface SeedSecret {
  name: string;
  secretString: string;
}

export function readSeedFile(file: string): SeedDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`ssm/secrets seed file ${file} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`ssm/secrets seed file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  normalizeSeed(parsed, file);
  return parsed as SeedDocument;
}

/** Validates a seed document and flattens it; `source` names the file in errors. */
export function normalizeSeed(
  document: unknown,
  source = 'seed',
): { parameters: SeedParameter[]; secrets: SeedSecret[] } {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error(`${source}: expected an object with "parameters" and/or "secrets"`);
  }
  const { parameters = {}, secrets = {}, ...rest } = document as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0)
    throw new Error(`${source}: unknown keys ${unknownKeys.join(', ')} (expected "parameters", "secrets")`);
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new Error(`${source}: "parameters" must be an object of name -> value`);
  }
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
    throw new Error(`${source}: "secrets" must be an object of name -> value`);
  }
  return {
    parameters: Object.entries(parameters).map(([name, raw]) => seedParameter(name, raw, source)),
    secrets: Object.entries(secrets).map(([name, raw]) => {
      if (raw === null || raw === undefined) throw new Error(`${source}: secret ${name} has no value`);
      return { name, secretString: typeof raw === 'string' ? raw : JSON.stringify(raw) };
    }),
  };
}

function seedParameter(name: string, raw: unknown, source: string): SeedParameter {
  if (typeof raw === 'string') return { name, value: raw, type: 'String' };
  if (Array.isArray(raw)) return { name, value: listValue(name, raw, source), type: 'StringList' };
  if (typeof raw === 'object' && raw !== null && 'value' in raw) {
    const { value, type, description } = raw as { value: unknown; type?: unknown; description?: unknown };
    const resolvedType = type ?? (Array.isArray(value) ? 'StringList' : 'String');
    if (!PARAMETER_TYPES.includes(resolvedType as ParameterType)) {
      throw new Error(
        `${source}: parameter ${name} has type ${String(type)} (expected ${PARAMETER_TYPES.join(', ')})`,
      );
    }
    const text = Array.isArray(value) ? listValue(name, value, source) : value;
    if (typeof text !== 'string') throw new Error(`${source}: parameter ${name} needs a string value`);
    return {
      name,
      value: text,
      type: resolvedType as ParameterType,
      ...(typeof description === 'string' ? { description } : {}),
    };
  }
  throw new Error(`${source}: parameter ${name} must be a string, a list of strings or { "value", "type" }`);
}

function listValue(name: string, values: unknown[], source: string): string {
  if (values.some((value) => typeof value !== 'string' || value.includes(','))) {
    throw new Error(`${source}: StringList parameter ${name} needs strings without commas`);
  }
  return values.join(',');
}
