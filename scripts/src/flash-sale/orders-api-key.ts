import { localApiKeyValue } from '@stratus/local-cloud/src/api-gateway/usage-plans';
import type { FlashSaleStack } from './local-stack';

/** What the local cloud may list per service about its API keys. */
interface ListedApiKey {
  name?: string;
  value?: string;
  plan?: string;
  enabled?: boolean;
}

/** The plan the benchmark uses: orders' highest tier, so it measures the service, not a low tier's throttle. */
export const BENCHMARK_PLAN = 'partner';

/**
 * The `x-api-key` for POST /orders: `--api-key`, else STRATUS_ORDERS_API_KEY, else the
 * partner-plan key the running stack lists for orders, else that key's documented local value
 * (orders' serverless.yml leaves key values to API Gateway; locally they are derived from
 * service, plan and key name, and `npm start` prints them).
 */
export function resolveOrdersApiKey(stack: FlashSaleStack, explicit?: string): string {
  if (explicit) return explicit;
  const fromEnv = process.env.STRATUS_ORDERS_API_KEY;
  if (fromEnv) return fromEnv;
  const listed = (stack.endpoints.services.orders as { apiKeys?: ListedApiKey[] } | undefined)?.apiKeys ?? [];
  const enabled = listed.filter((key) => key.enabled !== false && typeof key.value === 'string');
  const partner = enabled.find((key) => key.plan === BENCHMARK_PLAN) ?? enabled.at(-1);
  if (partner?.value) return partner.value;
  const stage = 'local';
  return localApiKeyValue('orders', BENCHMARK_PLAN, `orders-${stage}-${BENCHMARK_PLAN}`);
}
