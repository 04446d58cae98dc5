import { restock } from './inventory-api';
import { placeAcceptedOrder } from './orders-api';
import { uniqueCustomer, uniqueSku } from './unique';

export interface SagaMix {
  /** Order id -> customer, for every order placed. */
  customers: Map<string, string>;
  /** Order ids per customer (what waitForAllTerminal takes). */
  byCustomer: Map<string, string[]>;
  /** How many orders should end in each outcome (`CONFIRMED` or `CANCELLED:<reason>`). */
  expectedOutcomes: Record<string, number>;
  /** The SKUs put on sale and how their stock must end. */
  expectedStock: { sku: string; available: number; reserved: number; sold: number }[];
}

/** A customer the local seed's payment decline rules decline (services/orders/local/seed.json). */
export const DECLINED_CUSTOMER = 'mallory';

/**
 * Several sagas at once that end differently: 5 single-unit orders for 3 units (3 confirmed,
 * 2 out of stock, which ones is the race's business), 1 order naming an unknown SKU, and 1
 * order whose payment is declined (reserved, then released).
 */
export async function placeSagaMix(label: string): Promise<SagaMix> {
  const hot = uniqueSku(`${label}HOT`);
  await restock(hot, 3, { shards: 2 });
  const missing = uniqueSku(`${label}NONE`);
  const declined = uniqueSku(`${label}DECL`);
  await restock(declined, 1);
  const customers = new Map<string, string>();
  const place = async (customer: string, sku: string) => {
    const orderId = await placeAcceptedOrder(customer, [{ sku, quantity: 1 }]);
    customers.set(orderId, customer);
  };
  await Promise.all([
    ...Array.from({ length: 5 }, (_, index) => place(uniqueCustomer(`${label.toLowerCase()}${index}`), hot)),
    place(uniqueCustomer(`${label.toLowerCase()}-unknown`), missing),
    place(DECLINED_CUSTOMER, declined),
  ]);
  const byCustomer = new Map<string, string[]>();
  for (const [orderId, customer] of customers)
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), orderId]);
  return {
    customers,
    byCustomer,
    expectedOutcomes: {
      CONFIRMED: 3,
      'CANCELLED:OUT_OF_STOCK': 2,
      'CANCELLED:UNKNOWN_SKU': 1,
      'CANCELLED:PAYMENT_DECLINED': 1,
    },
    expectedStock: [
      { sku: hot, available: 0, reserved: 0, sold: 3 },
      { sku: declined, available: 1, reserved: 0, sold: 0 },
    ],
  };
}

/** `CONFIRMED` or `CANCELLED:<reason>` for each order, counted. */
export function outcomeCounts(
  orders: Iterable<{ status: string; cancellationReason?: string }>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const order of orders) {
    const key = order.status === 'CANCELLED' ? `CANCELLED:${order.cancellationReason}` : order.status;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
