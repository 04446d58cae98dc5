import { LocalCloudConfigErrors } from '../../../src/config/config-error';
import type { ServerlessConfiguration } from '../../../src/config/serverless-configuration';
import {
  deriveUsagePlanModel,
  hasPrivateRoutes,
  localApiKeyValue,
  offlineApiKeyValues,
} from '../../../src/api-gateway/usage-plans';

const configFile = '/repo/services/orders/serverless.yml';
const FREE_KEY = 'free-key-value-0123456789';
const PARTNER_KEY = 'partner-key-value-0123456789';

function configuration(
  apiGateway: unknown,
  functions: ServerlessConfiguration['functions'] = ordersFunctions(),
) {
  return { service: 'orders', provider: { name: 'aws', apiGateway }, functions } as ServerlessConfiguration;
}

function ordersFunctions(): ServerlessConfiguration['functions'] {
  return {
    placeOrder: {
      handler: 'src/handlers/place-order.handler',
      events: [{ http: { method: 'post', path: 'orders', private: true } }],
    },
    getOrder: {
      handler: 'src/handlers/get-order.handler',
      events: [{ http: { method: 'get', path: '/orders/{orderId}/', private: true } }],
    },
    health: {
      handler: 'src/handlers/health.handler',
      events: [{ http: 'GET /health' }, { sqs: { arn: 'x' } }],
    },
    worker: { handler: 'src/handlers/worker.handler' },
  };
}

const tiers = {
  usagePlan: [
    { free: { throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, period: 'DAY' } } },
    {
      partner: {
        throttle: { rateLimit: 100, burstLimit: 200 },
        quota: { limit: 100000, period: 'MONTH', offset: 2 },
      },
    },
  ],
  apiKeys: [
    { free: [{ name: 'free-demo', value: FREE_KEY }] },
    { partner: [{ name: 'acme', value: PARTNER_KEY }, 'globex'] },
  ],
};

function problemsOf(apiGateway: unknown, functions?: ServerlessConfiguration['functions']): string[] {
  try {
    deriveUsagePlanModel({ configuration: configuration(apiGateway, functions), configFile });
  } catch (error) {
    if (error instanceof LocalCloudConfigErrors) return error.errors.map((entry) => entry.message);
    throw error;
  }
  throw new Error('expected configuration errors');
}

describe('deriveUsagePlanModel', () => {
  it('reads named plans with their keys (the osls list form) and every http route', () => {
    const model = deriveUsagePlanModel({ configuration: configuration(tiers), configFile });
    expect(model.service).toBe('orders');
    expect(model.plans).toEqual([
      {
        name: 'free',
        throttle: { rateLimit: 5, burstLimit: 10 },
        quota: { limit: 1000, period: 'DAY', offset: 0 },
      },
      {
        name: 'partner',
        throttle: { rateLimit: 100, burstLimit: 200 },
        quota: { limit: 100000, period: 'MONTH', offset: 2 },
      },
    ]);
    expect(model.keys).toEqual([
      { name: 'free-demo', value: FREE_KEY, plan: 'free', enabled: true, generated: false },
      { name: 'acme', value: PARTNER_KEY, plan: 'partner', enabled: true, generated: false },
      {
        name: 'globex',
        value: localApiKeyValue('orders', 'partner', 'globex'),
        plan: 'partner',
        enabled: true,
        generated: true,
      },
    ]);
    expect(model.routes).toEqual([
      { method: 'POST', path: '/orders', private: true, functionKey: 'placeOrder' },
      { method: 'GET', path: '/orders/{orderId}', private: true, functionKey: 'getOrder' },
      { method: 'GET', path: '/health', private: false, functionKey: 'health' },
    ]);
    expect(model.warnings).toEqual([]);
    expect(hasPrivateRoutes(model)).toBe(true);
  });

  it('reads the single-plan form as the plan "default", with bare strings as key names', () => {
    const model = deriveUsagePlanModel({
      configuration: configuration({
        usagePlan: { throttle: { rateLimit: 1, burstLimit: 2 } },
        apiKeys: ['ci', { name: 'dev', value: FREE_KEY, description: 'local dev', enabled: false }],
      }),
      configFile,
    });
    expect(model.plans).toEqual([{ name: 'default', throttle: { rateLimit: 1, burstLimit: 2 } }]);
    expect(model.keys).toEqual([
      {
        name: 'ci',
        value: localApiKeyValue('orders', 'default', 'ci'),
        plan: 'default',
        enabled: true,
        generated: true,
      },
      { name: 'dev', value: FREE_KEY, plan: 'default', enabled: false, generated: false },
    ]);
    expect(offlineApiKeyValues(model)).toEqual([localApiKeyValue('orders', 'default', 'ci')]);
  });

  it('gives keys without a usagePlan the plan "default" with neither throttle nor quota, as osls does', () => {
    const model = deriveUsagePlanModel({
      configuration: configuration({ apiKeys: [{ name: 'k', value: FREE_KEY }] }),
      configFile,
    });
    expect(model.plans).toEqual([{ name: 'default' }]);
    expect(model.keys[0]?.plan).toBe('default');
  });

  it('generates stable, distinct 40-character values for keys without a value', () => {
    const value = localApiKeyValue('orders', 'free', 'demo');
    expect(value).toMatch(/^[0-9a-f]{40}$/);
    expect(localApiKeyValue('orders', 'free', 'demo')).toBe(value);
    expect(
      new Set([
        value,
        localApiKeyValue('orders', 'partner', 'demo'),
        localApiKeyValue('inventory', 'free', 'demo'),
      ]).size,
    ).toBe(3);
  });

  it('accepts numbers that arrive as strings from ${param:...} and ${env:...}', () => {
    const model = deriveUsagePlanModel({
      configuration: configuration({
        usagePlan: [
          {
            free: {
              throttle: { rateLimit: '2.5', burstLimit: '4' },
              quota: { limit: '10', period: 'WEEK', offset: '1' },
            },
          },
        ],
        apiKeys: [{ free: [{ name: 'k', value: FREE_KEY }] }],
      }),
      configFile,
    });
    expect(model.plans[0]).toEqual({
      name: 'free',
      throttle: { rateLimit: 2.5, burstLimit: 4 },
      quota: { limit: 10, period: 'WEEK', offset: 1 },
    });
  });

  it('has no plans, keys or private routes for a service without API keys', () => {
    const model = deriveUsagePlanModel({
      configuration: configuration(undefined, {
        health: { handler: 'h.handler', events: [{ http: { method: 'get', path: '/health' } }] },
      }),
      configFile,
    });
    expect(model).toMatchObject({ plans: [], keys: [], warnings: [] });
    expect(hasPrivateRoutes(model)).toBe(false);
  });

  it('warns when private routes have no enabled key, and when keys exist but no route is private', () => {
    const noKeys = deriveUsagePlanModel({ configuration: configuration({}), configFile });
    expect(noKeys.warnings).toEqual([expect.stringContaining('2 private http route(s) but no enabled key')]);
    const noPrivate = deriveUsagePlanModel({
      configuration: configuration(tiers, {
        health: { handler: 'h.handler', events: [{ http: 'GET /health' }] },
      }),
      configFile,
    });
    expect(noPrivate.warnings).toEqual([expect.stringContaining('no http event is private: true')]);
  });

  it('reports every problem at once, each naming the service, the file and the field', () => {
    const problems = problemsOf({
      usagePlan: [
        { free: { throttle: { rateLimit: 5 }, quota: { limit: 1.5, period: 'YEAR' } } },
        { free: {} },
        { a: {}, b: {} },
      ],
      apiKeys: [
        { gold: [{ name: 'g', value: FREE_KEY }] },
        { name: 'loose', value: PARTNER_KEY },
        {
          free: [
            { name: 'short', value: 'abc' },
            { name: 'one', value: FREE_KEY },
            { name: 'two', value: FREE_KEY },
          ],
        },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^\[orders\] .*serverless\.yml: provider\.apiGateway\.usagePlan\[0\]\.free\.throttle\.burstLimit must be an integer >= 0 \(got nothing\)$/,
      ),
      expect.stringContaining(
        'provider.apiGateway.usagePlan[0].free.quota.limit must be an integer >= 0 (got 1.5)',
      ),
      expect.stringContaining(
        'provider.apiGateway.usagePlan[0].free.quota.period must be one of DAY, WEEK, MONTH (got "YEAR")',
      ),
      expect.stringContaining('provider.apiGateway.usagePlan[1]: usage plan "free" is defined twice'),
      expect.stringContaining(
        'provider.apiGateway.usagePlan[2] must be an object with exactly one plan name',
      ),
      expect.stringContaining(
        'provider.apiGateway.apiKeys[0]: keys grouped under "gold", which is not a usage plan (plans: free)',
      ),
      expect.stringContaining('provider.apiGateway.apiKeys[1] is not grouped under a usage plan'),
      expect.stringContaining(
        'provider.apiGateway.apiKeys[2].free[0].value of key "short" has 3 characters; API Gateway requires 20 to 128',
      ),
      expect.stringContaining('keys "one" (plan free) and "two" (plan free) have the same value'),
    ]);
  });

  it('refuses malformed http events and apiGateway settings', () => {
    expect(problemsOf({ apiKeys: 'k' })).toEqual([
      expect.stringContaining('provider.apiGateway.apiKeys must be a list'),
    ]);
    expect(problemsOf('yes')).toEqual([expect.stringContaining('provider.apiGateway must be an object')]);
    expect(
      problemsOf(
        {},
        {
          a: { handler: 'a.handler', events: [{ http: { method: 'get', path: '/a', private: 'true' } }] },
          b: { handler: 'b.handler', events: [{ http: { path: '/b' } }, { http: 'GET' }] },
        },
      ),
    ).toEqual([
      expect.stringContaining('functions.a.events[0].http.private must be true or false (got "true")'),
      expect.stringContaining('functions.b.events[0].http needs a method and a path'),
      expect.stringContaining('functions.b.events[1].http must be "<METHOD> <path>" (got "GET")'),
    ]);
  });
});
