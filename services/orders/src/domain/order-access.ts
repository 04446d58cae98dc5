import type { Order } from './order';

export type Role = 'customer' | 'admin';

export interface Principal {
  /** The token's `sub`: the customer id for customers. */
  subject: string;
  role: Role;
}

/**
 * Owners and admins may read an order. Everyone else must get the same answer as for an order
 * that does not exist (404), so callers cannot probe for other customers' order ids.
 */
export function canRead(order: Order, principal: Principal): boolean {
  return principal.role === 'admin' || order.customerId === principal.subject;
}

/** Only the customer who placed the order may cancel it. */
export function canCancel(order: Order, principal: Principal): boolean {
  return order.customerId === principal.subject;
}
