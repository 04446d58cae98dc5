import type { FlashSaleStack } from './local-stack';

/** What the local cloud may list per service about its API keys (the usage-plan proxy's keys). */
interface ListedApiKey {
  name?: string;
  value?: string;
  plan?: string;
  enabled?: boolean;
}

/**
 * The `x-api-key` for POST /orders: `--api-key`, else STRATUS_ORDERS_API_KEY, else the enabled
 * key the running stack lists for orders (the first one of the last plan, by convention the
 * highest tier, so the benchmark measures the service rather than a low tier's throttle).
 */
export function resolveOrdersApiKey(stack: FlashSaleStack, explicit?: string): string {
  if (explicit) return explicit;
  const fromEnv = process.env.STRATUS_ORDERS_API_KEY;
  if (fromEnv) return fromEnv;
  const listed = (stack.endpoints.services.orders as { apiKeys?: ListedApiKey[] } | undefined)?.apiKeys;
  const enabled = (listed ?? []).filter((key) => key.enabled !== false && typeof key.value === 'string');
  const last = enabled.at(-1);
  if (last?.value) return last.value;
  throw new Error(
    'no API key for POST /orders: the running stack lists none for orders (endpoints.json services.orders.apiKeys). ' +
      'Pass --api-key <key> or set STRATUS_ORDERS_API_KEY (the start-up table of `npm start` prints the local keys).',
  );
}
