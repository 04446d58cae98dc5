/** Services the saga needs; the global setup starts those that have a serverless.yml. */
export const SAGA_SERVICES = ['inventory', 'orders'] as const;
export type SagaService = (typeof SAGA_SERVICES)[number];

/** Route lines of the bus and handler output of the run, inside the stack's data directory. */
export const LOG_FILE_NAME = 'local-cloud.log';

/**
 * Environment the global setup gives the serverless-offline children (unless already set), so
 * the saga's slow paths finish inside a test. ORDERS_PENDING_TIMEOUT_SECONDS (orders'
 * serverless.yml, local stage): how long an order may wait for inventory's answer before the
 * sweeper cancels it (RESERVATION_EXPIRED); 300 s under `npm start`. Short enough for the expiry
 * saga, long enough that no order of the 200-order race waits that long on a loaded machine.
 */
export const E2E_ENVIRONMENT: Record<string, string> = {
  ORDERS_PENDING_TIMEOUT_SECONDS: '45',
};

/** Seconds of E2E_ENVIRONMENT.ORDERS_PENDING_TIMEOUT_SECONDS (or what the run overrides it with). */
export function pendingTimeoutSeconds(): number {
  return Number(process.env.ORDERS_PENDING_TIMEOUT_SECONDS ?? E2E_ENVIRONMENT.ORDERS_PENDING_TIMEOUT_SECONDS);
}

/**
 * Bounds of the waits. Generous on purpose: the tests run on 2-core CI machines where the stack
 * (two serverless-offline processes, DynamoDB Local's JVM) competes with Jest for the CPU.
 * A wait ends as soon as its condition holds, so a quiet machine does not pay for them.
 */
export const WAIT = {
  /** One order through the whole saga. */
  sagaMs: 120_000,
  /** Hundreds of orders through the saga at once. */
  raceMs: 300_000,
  /** Between two polls of an API. */
  pollMs: 250,
} as const;
