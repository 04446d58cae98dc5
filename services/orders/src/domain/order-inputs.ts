/**
 * Everything that can happen to an existing order. Inventory outcomes arrive as events from the
 * bus, payment outcomes from the orders' own payment worker, customer cancellation from the API,
 * and `DeadlinePassed` from the sweeper that finds overdue open orders.
 */
export type OrderInput =
  | { type: 'InventoryReserved'; reservationId: string; expiresAt: string }
  | { type: 'InventoryReservationFailed'; reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU'; skus: string[] }
  | { type: 'InventoryReleased'; reservationId: string; reason: 'RESERVATION_EXPIRED' | 'ORDER_CANCELLED' }
  | { type: 'PaymentApproved'; paymentId: string }
  | { type: 'PaymentDeclined'; declineReason: string }
  | { type: 'CustomerCancelled' }
  | { type: 'DeadlinePassed' };

export type OrderInputType = OrderInput['type'];

export const ORDER_INPUT_TYPES: readonly OrderInputType[] = [
  'InventoryReserved',
  'InventoryReservationFailed',
  'InventoryReleased',
  'PaymentApproved',
  'PaymentDeclined',
  'CustomerCancelled',
  'DeadlinePassed',
];
