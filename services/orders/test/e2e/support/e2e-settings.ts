/** Services the saga needs; the global setup starts those that have a serverless.yml. */
export const SAGA_SERVICES = ['inventory', 'orders'] as const;
export type SagaService = (typeof SAGA_SERVICES)[number];

/** Route lines of the bus and handler output of the run, inside the stack's data directory. */
export const LOG_FILE_NAME = 'local-cloud.log';

/**
 * Environment the global setup gives the serverless-offline children (unless already set): the
 * services' local params read these (`${env:...}` in their serverless.yml), so the saga's slow
 * paths and the usage plans' limits are reached inside a test. `npm start` leaves them unset.
 *
 * - ORDERS_PENDING_TIMEOUT_SECONDS (orders, default 300 locally): how long an order may wait for
 *   inventory's answer before the sweeper cancels it (RESERVATION_EXPIRED).
 * - INVENTORY_RESERVATION_HOLD_SECONDS (inventory's reservationHoldSeconds, 300 locally): how
 *   long a hold lasts (announced as expiresAt, which is a RESERVED order's deadline in orders).
 * - INVENTORY_EXPIRY_GRACE_SECONDS (inventory's expiryGraceSeconds, 60 locally): how long after
 *   expiresAt inventory's backstop releases a hold that is still open.
 *
 *   The two deadlines are 45 s: short enough for the expiry sagas, long enough that no order of
 *   the 200-order race waits that long for inventory or for payment on a loaded machine.
 *
 * - ORDERS_STANDARD_RATE_LIMIT / _BURST_LIMIT / _QUOTA_PER_DAY (orders' standard usage plan;
 *   50/s, burst 100, 100,000 a day otherwise): low enough that a dozen requests exceed them. The
 *   other tests send the partner plan's key, which keeps its local limits (5,000/s).
 */
export const E2E_ENVIRONMENT: Record<string, string> = {
  ORDERS_PENDING_TIMEOUT_SECONDS: '45',
  INVENTORY_RESERVATION_HOLD_SECONDS: '45',
  INVENTORY_EXPIRY_GRACE_SECONDS: '5',
  ORDERS_STANDARD_RATE_LIMIT: '1',
  ORDERS_STANDARD_BURST_LIMIT: '3',
  ORDERS_STANDARD_QUOTA_PER_DAY: '12',
};

/** A setting of E2E_ENVIRONMENT as the stack got it (the run's own value wins, as in the setup). */
function setting(name: string): number {
  const value = Number(process.env[name] ?? E2E_ENVIRONMENT[name]);
  if (!Number.isFinite(value)) throw new Error(`e2e setting ${name} is not a number: ${process.env[name]}`);
  return value;
}

/** Seconds an order may stay PENDING (ORDERS_PENDING_TIMEOUT_SECONDS). */
export const pendingTimeoutSeconds = () => setting('ORDERS_PENDING_TIMEOUT_SECONDS');
/** Seconds a reservation holds (INVENTORY_RESERVATION_HOLD_SECONDS). */
export const reservationHoldSeconds = () => setting('INVENTORY_RESERVATION_HOLD_SECONDS');
/** Seconds after expiresAt before inventory's backstop releases (INVENTORY_EXPIRY_GRACE_SECONDS). */
export const expiryGraceSeconds = () => setting('INVENTORY_EXPIRY_GRACE_SECONDS');
/** The standard usage plan as the e2e stack runs it. */
export const standardPlan = () => ({
  rateLimit: setting('ORDERS_STANDARD_RATE_LIMIT'),
  burstLimit: setting('ORDERS_STANDARD_BURST_LIMIT'),
  quotaPerDay: setting('ORDERS_STANDARD_QUOTA_PER_DAY'),
});

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
