import type { Order } from '../domain/order';
import { canRead, type Principal } from '../domain/order-access';
import { decodeCursor, encodeCursor } from '../domain/order-list-cursor';
import type { OrderStore } from '../ports/order-store';

/** The order when the caller may see it; undefined both when it does not exist and when it is not theirs. */
export async function readOrder(
  store: OrderStore,
  orderId: string,
  principal: Principal,
): Promise<Order | undefined> {
  const order = await store.get(orderId);
  return order !== undefined && canRead(order, principal) ? order : undefined;
}

export interface OrderListPage {
  orders: Order[];
  nextCursor?: string;
}

/**
 * The caller's own orders, newest first. Throws InvalidCursorError for a cursor this API did not
 * hand out; the position it holds is replayed inside the caller's own partition only.
 */
export async function listCustomerOrders(
  store: OrderStore,
  customerId: string,
  page: { limit: number; cursor?: string },
): Promise<OrderListPage> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const result = await store.listByCustomer(customerId, {
    limit: page.limit,
    ...(after === undefined ? {} : { after }),
  });
  return result.next === undefined
    ? { orders: result.orders }
    : { orders: result.orders, nextCursor: encodeCursor(result.next) };
}
