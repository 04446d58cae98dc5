import { createHash } from 'node:crypto';
import { LocalCloudConfigError, LocalCloudConfigErrors } from '../config/config-error';
import type { ServerlessConfiguration } from '../config/serverless-configuration';
import { serviceNameOf } from '../config/serverless-configuration';
import type { QuotaPeriod, QuotaSettings } from './quota';
import type { TokenBucketSettings } from './token-bucket';

export type ThrottleSettings = TokenBucketSettings;

export interface UsagePlan {
  /** The name in `usagePlan: [{ <name>: {...} }]`, or `default` for the single-object form. */
  name: string;
  /** Absent: the plan sets no per-key throttle. */
  throttle?: ThrottleSettings;
  /** Absent: the plan sets no quota. */
  quota?: QuotaSettings;
}

export interface ApiKey {
  name: string;
  /** What clients send in `x-api-key`. */
  value: string;
  /** Name of the usage plan the key is associated with. */
  plan: string;
  enabled: boolean;
  /**
   * True when serverless.yml gives no value (on AWS, API Gateway generates one at deploy time):
   * locally the value is derived from service, plan and key name, so it stays the same across
   * restarts, and the start-up output prints it.
   */
  generated: boolean;
}

export interface HttpRoute {
  /** Upper case method, or `ANY`. */
  method: string;
  /** Resource path as written in serverless.yml, normalised to a leading and no trailing slash. */
  path: string;
  /** `private: true`: the method requires an API key and counts against the key's usage plan. */
  private: boolean;
  /** Function that serves the route (for messages). */
  functionKey: string;
}

/**
 * Everything the local usage-plan proxy needs from one service's resolved serverless.yml.
 * Plain data: build it once per start, share it with the proxy and the start-up output.
 */
export interface UsagePlanModel {
  service: string;
  plans: UsagePlan[];
  keys: ApiKey[];
  /** Every REST (`http`) route of the service: matching a request needs the public ones too. */
  routes: HttpRoute[];
  /** Configurations that run but probably not as intended (shown at start-up). */
  warnings: string[];
}

export interface DeriveUsagePlanModelOptions {
  configuration: ServerlessConfiguration;
  /** Path of serverless.yml, for error messages. */
  configFile: string;
}

/** The plan osls creates when `usagePlan` is one object (or absent while keys are configured). */
export const DEFAULT_USAGE_PLAN = 'default';

const QUOTA_PERIODS: readonly QuotaPeriod[] = ['DAY', 'WEEK', 'MONTH'];
/** API Gateway accepts key values of 20 to 128 characters. */
const KEY_VALUE_LENGTH = { min: 20, max: 128 } as const;

/**
 * Reads `provider.apiGateway.apiKeys`, `provider.apiGateway.usagePlan` and the `http` events of
 * a resolved serverless configuration, in every shape osls 4 accepts:
 *
 * - `usagePlan: { throttle, quota }` (one plan, named `default`) or
 *   `usagePlan: [{ free: { throttle, quota } }, { partner: {...} }]` (named plans);
 * - `apiKeys: ['name' | { name, value, description, customerId, enabled }]` (keys of the
 *   `default` plan) or `apiKeys: [{ free: ['name' | { name, value, ... }] }, ...]` (keys per plan).
 *
 * Every problem found is reported at once, each naming the service, the file and the field.
 */
export function deriveUsagePlanModel(options: DeriveUsagePlanModelOptions): UsagePlanModel {
  const service = serviceNameOf(options.configuration);
  const problems: string[] = [];
  const warnings: string[] = [];
  const apiGateway = readApiGateway(options.configuration, problems);

  const plans = readPlans(apiGateway.usagePlan, apiGateway.apiKeys !== undefined, problems);
  const keys = readKeys(service, apiGateway.apiKeys, plans, problems);
  const routes = readRoutes(options.configuration, problems);

  if (problems.length > 0) {
    throw new LocalCloudConfigErrors(
      problems.map((problem) => new LocalCloudConfigError(service, options.configFile, problem)),
    );
  }

  const privateRoutes = routes.filter((route) => route.private);
  if (privateRoutes.length > 0 && keys.filter((key) => key.enabled).length === 0) {
    warnings.push(
      `${privateRoutes.length} private http route(s) but no enabled key in provider.apiGateway.apiKeys: every request to them is refused with 403`,
    );
  }
  if (privateRoutes.length === 0 && keys.length > 0) {
    warnings.push(
      'provider.apiGateway.apiKeys is set but no http event is private: true, so no request needs a key and usage plans never apply',
    );
  }
  return { service, plans, keys, routes, warnings };
}

/** True when the service has a route that needs an API key, i.e. when a usage-plan proxy is worth starting. */
export function hasPrivateRoutes(model: UsagePlanModel): boolean {
  return model.routes.some((route) => route.private);
}

/**
 * The key values serverless-offline must accept so that it does not refuse, with its own 403,
 * a request the usage-plan proxy admitted. serverless-offline 14 reads `provider.apiGateway.apiKeys`
 * only as a flat list of strings or `{ value }` objects: it skips plan-grouped keys (and would
 * then accept only its fixed fallback key), and it takes a bare string for a value where osls
 * takes it for a key name. Giving it this list (see README: the offline preload's overrides)
 * makes both agree.
 */
export function offlineApiKeyValues(model: UsagePlanModel): string[] {
  return model.keys.filter((key) => key.enabled).map((key) => key.value);
}

/**
 * Value of a key that serverless.yml leaves to API Gateway to generate: stable across restarts
 * (so scripts and READMEs can use it), distinct per service, plan and key, 40 hex characters.
 */
export function localApiKeyValue(service: string, plan: string, keyName: string): string {
  return createHash('sha256')
    .update(`stratus-local-api-key\0${service}\0${plan}\0${keyName}`)
    .digest('hex')
    .slice(0, 40);
}

interface RawApiGateway {
  apiKeys?: unknown;
  usagePlan?: unknown;
}

function readApiGateway(configuration: ServerlessConfiguration, problems: string[]): RawApiGateway {
  const apiGateway = configuration.provider.apiGateway;
  if (apiGateway === undefined || apiGateway === null) return {};
  if (!isRecord(apiGateway)) {
    problems.push('provider.apiGateway must be an object');
    return {};
  }
  return { apiKeys: apiGateway.apiKeys ?? undefined, usagePlan: apiGateway.usagePlan ?? undefined };
}

function readPlans(raw: unknown, hasKeys: boolean, problems: string[]): UsagePlan[] {
  if (raw === undefined) {
    // osls still creates a plan for the keys, with neither throttle nor quota.
    return hasKeys ? [{ name: DEFAULT_USAGE_PLAN }] : [];
  }
  if (isRecord(raw)) {
    return [readPlan(DEFAULT_USAGE_PLAN, raw, 'provider.apiGateway.usagePlan', problems)];
  }
  if (!Array.isArray(raw)) {
    problems.push(
      'provider.apiGateway.usagePlan must be an object or a list of { <planName>: { throttle, quota } }',
    );
    return [];
  }
  const plans: UsagePlan[] = [];
  raw.forEach((entry: unknown, index) => {
    const field = `provider.apiGateway.usagePlan[${index}]`;
    const named = isRecord(entry) ? Object.entries(entry) : [];
    const [first] = named;
    if (named.length !== 1 || first === undefined) {
      problems.push(
        `${field} must be an object with exactly one plan name, e.g. { free: { throttle, quota } }`,
      );
      return;
    }
    const [name, settings] = first;
    if (plans.some((plan) => plan.name === name)) {
      problems.push(`${field}: usage plan "${name}" is defined twice`);
      return;
    }
    plans.push(readPlan(name, settings ?? {}, `${field}.${name}`, problems));
  });
  return plans;
}

function readPlan(name: string, raw: unknown, field: string, problems: string[]): UsagePlan {
  const plan: UsagePlan = { name };
  if (!isRecord(raw)) {
    problems.push(`${field} must be an object with throttle and/or quota`);
    return plan;
  }
  if (raw.throttle !== undefined && raw.throttle !== null) {
    const throttle = readThrottle(raw.throttle, `${field}.throttle`, problems);
    if (throttle) plan.throttle = throttle;
  }
  if (raw.quota !== undefined && raw.quota !== null) {
    const quota = readQuota(raw.quota, `${field}.quota`, problems);
    if (quota) plan.quota = quota;
  }
  return plan;
}

function readThrottle(raw: unknown, field: string, problems: string[]): ThrottleSettings | undefined {
  if (!isRecord(raw)) {
    problems.push(`${field} must be an object { rateLimit, burstLimit }`);
    return undefined;
  }
  const rateLimit = readNumber(raw.rateLimit, `${field}.rateLimit`, problems, { integer: false });
  const burstLimit = readNumber(raw.burstLimit, `${field}.burstLimit`, problems, { integer: true });
  if (rateLimit === undefined || burstLimit === undefined) return undefined;
  return { rateLimit, burstLimit };
}

function readQuota(raw: unknown, field: string, problems: string[]): QuotaSettings | undefined {
  if (!isRecord(raw)) {
    problems.push(`${field} must be an object { limit, period, offset? }`);
    return undefined;
  }
  const limit = readNumber(raw.limit, `${field}.limit`, problems, { integer: true });
  const offset =
    raw.offset === undefined || raw.offset === null
      ? 0
      : readNumber(raw.offset, `${field}.offset`, problems, { integer: true });
  const period = raw.period;
  if (typeof period !== 'string' || !QUOTA_PERIODS.includes(period as QuotaPeriod)) {
    problems.push(`${field}.period must be one of ${QUOTA_PERIODS.join(', ')} (got ${describe(period)})`);
    return undefined;
  }
  if (limit === undefined || offset === undefined) return undefined;
  return { limit, period: period as QuotaPeriod, offset };
}

function readNumber(
  raw: unknown,
  field: string,
  problems: string[],
  { integer }: { integer: boolean },
): number | undefined {
  // A `${param:...}` resolved from a file or the environment can arrive as a numeric string.
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    problems.push(`${field} must be ${integer ? 'an integer' : 'a number'} >= 0 (got ${describe(raw)})`);
    return undefined;
  }
  return value;
}

function readKeys(service: string, raw: unknown, plans: UsagePlan[], problems: string[]): ApiKey[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('provider.apiGateway.apiKeys must be a list');
    return [];
  }
  const planNames = plans.map((plan) => plan.name);
  const namedPlans = !planNames.includes(DEFAULT_USAGE_PLAN) || planNames.length > 1;
  const keys: ApiKey[] = [];
  raw.forEach((entry: unknown, index) => {
    const field = `provider.apiGateway.apiKeys[${index}]`;
    if (isPlanGroup(entry)) {
      const [planName, members] = Object.entries(entry)[0] as [string, unknown[]];
      if (!planNames.includes(planName)) {
        problems.push(
          `${field}: keys grouped under "${planName}", which is not a usage plan (plans: ${planNames.join(', ') || 'none'})`,
        );
        return;
      }
      members.forEach((member, memberIndex) => {
        const key = readKey(
          service,
          planName,
          member,
          memberIndex,
          `${field}.${planName}[${memberIndex}]`,
          problems,
        );
        if (key) keys.push(key);
      });
      return;
    }
    if (namedPlans) {
      // osls would associate the key with a `default` plan that a list of named plans never creates.
      problems.push(
        `${field} is not grouped under a usage plan; with named plans write apiKeys as [{ <planName>: [{ name, value }] }] (plans: ${planNames.join(', ')})`,
      );
      return;
    }
    const key = readKey(service, DEFAULT_USAGE_PLAN, entry, index, field, problems);
    if (key) keys.push(key);
  });

  const seen = new Map<string, ApiKey>();
  for (const key of keys) {
    const other = seen.get(key.value);
    if (other) {
      problems.push(
        `provider.apiGateway.apiKeys: keys "${other.name}" (plan ${other.plan}) and "${key.name}" (plan ${key.plan}) have the same value; API Gateway key values are unique and a key belongs to one plan per stage`,
      );
    } else {
      seen.set(key.value, key);
    }
  }
  return keys;
}

function readKey(
  service: string,
  plan: string,
  raw: unknown,
  index: number,
  field: string,
  problems: string[],
): ApiKey | undefined {
  if (typeof raw === 'string') {
    // osls reads a bare string as the key's name; API Gateway then generates the value.
    return { name: raw, value: localApiKeyValue(service, plan, raw), plan, enabled: true, generated: true };
  }
  if (!isRecord(raw)) {
    problems.push(`${field} must be a key name or { name, value, enabled? }`);
    return undefined;
  }
  const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : `${plan}-key-${index + 1}`;
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') {
    problems.push(`${field}.enabled must be true or false (got ${describe(raw.enabled)})`);
    return undefined;
  }
  const enabled = raw.enabled !== false;
  if (raw.value === undefined || raw.value === null || raw.value === '') {
    return { name, value: localApiKeyValue(service, plan, name), plan, enabled, generated: true };
  }
  if (typeof raw.value !== 'string') {
    problems.push(`${field}.value must be a string (got ${describe(raw.value)})`);
    return undefined;
  }
  if (raw.value.length < KEY_VALUE_LENGTH.min || raw.value.length > KEY_VALUE_LENGTH.max) {
    problems.push(
      `${field}.value of key "${name}" has ${raw.value.length} characters; API Gateway requires ${KEY_VALUE_LENGTH.min} to ${KEY_VALUE_LENGTH.max}`,
    );
    return undefined;
  }
  return { name, value: raw.value, plan, enabled, generated: false };
}

function readRoutes(configuration: ServerlessConfiguration, problems: string[]): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const [functionKey, definition] of Object.entries(configuration.functions ?? {})) {
    (definition?.events ?? []).forEach((event, index) => {
      if (!isRecord(event) || !('http' in event)) return;
      const field = `functions.${functionKey}.events[${index}].http`;
      const route = readRoute(functionKey, event.http, field, problems);
      if (route) routes.push(route);
    });
  }
  return routes;
}

function readRoute(
  functionKey: string,
  raw: unknown,
  field: string,
  problems: string[],
): HttpRoute | undefined {
  if (typeof raw === 'string') {
    // Short form "GET /orders": never private.
    const [method, path] = raw.trim().split(/\s+/);
    if (!method || !path) {
      problems.push(`${field} must be "<METHOD> <path>" (got ${describe(raw)})`);
      return undefined;
    }
    return { method: method.toUpperCase(), path: normalisePath(path), private: false, functionKey };
  }
  if (!isRecord(raw) || typeof raw.method !== 'string' || typeof raw.path !== 'string') {
    problems.push(`${field} needs a method and a path`);
    return undefined;
  }
  if (raw.private !== undefined && typeof raw.private !== 'boolean') {
    problems.push(`${field}.private must be true or false (got ${describe(raw.private)})`);
    return undefined;
  }
  return {
    method: raw.method.toUpperCase(),
    path: normalisePath(raw.path),
    private: raw.private === true,
    functionKey,
  };
}

/** `orders/{id}/` -> `/orders/{id}`; `/` stays `/`. */
export function normalisePath(path: string): string {
  const withLeadingSlash = path.startsWith('/') ? path : `/${path}`;
  return withLeadingSlash.length > 1 ? withLeadingSlash.replace(/\/+$/, '') || '/' : withLeadingSlash;
}

function isPlanGroup(value: unknown): value is Record<string, unknown[]> {
  if (!isRecord(value)) return false;
  const entries = Object.entries(value);
  return entries.length === 1 && Array.isArray(entries[0]?.[1]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
