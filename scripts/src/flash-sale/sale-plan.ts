import { SKU_PATTERN } from '@stratus/events';

export interface SalePlanOptions {
  /** Distinguishes this run's SKUs, customers and keys from earlier runs on the same stack. */
  runId: string;
  orders: number;
  skus: number;
  /** Units on sale over all SKUs. */
  units: number;
  customers: number;
}

export interface PlannedOrder {
  index: number;
  customerId: string;
  sku: string;
  quantity: number;
  idempotencyKey: string;
}

export interface SalePlan {
  stock: { sku: string; units: number }[];
  customers: string[];
  orders: PlannedOrder[];
}

/** `total` split into `parts` whole numbers that differ by at most one, larger first. */
export function splitUnits(total: number, parts: number): number[] {
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`units must be a whole number, got ${total}`);
  if (!Number.isInteger(parts) || parts < 1)
    throw new RangeError(`parts must be a positive whole number, got ${parts}`);
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, index) => base + (index < total % parts ? 1 : 0));
}

/**
 * The sale: `skus` hot SKUs sharing `units`, and `orders` single-unit orders spread round-robin
 * over the SKUs and the customers, each with its own Idempotency-Key. Names carry the run id,
 * so a run on a stack that already served earlier runs starts from untouched stock.
 */
export function planSale(options: SalePlanOptions): SalePlan {
  const run = options.runId.toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(run))
    throw new Error(`runId must be 1-8 letters or digits, got '${options.runId}'`);
  if (!Number.isInteger(options.customers) || options.customers < 1)
    throw new RangeError(`customers must be a positive whole number, got ${options.customers}`);
  const stock = splitUnits(options.units, options.skus).map((units, index) => ({
    sku: `FLASH${run}-HOT${index + 1}`,
    units,
  }));
  for (const { sku } of stock) if (!SKU_PATTERN.test(sku)) throw new Error(`'${sku}' is not a catalog SKU`);
  const customers = Array.from(
    { length: options.customers },
    (_, index) => `flash-${options.runId}-shopper-${index + 1}`,
  );
  const orders = Array.from({ length: options.orders }, (_, index) => ({
    index,
    customerId: customers[index % customers.length] as string,
    sku: (stock[index % stock.length] as { sku: string }).sku,
    quantity: 1,
    idempotencyKey: `flash-${options.runId}-order-${index}`,
  }));
  return { stock, customers, orders };
}
