import type { CancelledOrder, ConfirmedOrder, PendingOrder, ReservedOrder } from '../../../src/domain/order';

export const RES_1 = '5a4f2d1c-8b3e-4f6a-9c7d-2e1f0a9b8c7d';
export const RES_2 = '6b5e3e2d-9c4f-4a7b-8d8e-3f2a1b0c9d8e';

export const T0 = new Date('2026-11-27T10:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const base = {
  orderId: '8c0f6f8e-5a55-4a8e-9d3a-1f2b3c4d5e6f',
  customerId: 'alice',
  items: [
    { sku: 'TSHIRT-RED-XL', quantity: 2 },
    { sku: 'MUG-001', quantity: 1 },
  ],
  correlationId: 'corr-1',
  createdAt: T0.toISOString(),
};

export const pending: PendingOrder = {
  ...base,
  status: 'PENDING',
  updatedAt: T0.toISOString(),
  version: 1,
  deadline: at(5).toISOString(),
};

export const reserved: ReservedOrder = {
  ...base,
  status: 'RESERVED',
  updatedAt: at(1).toISOString(),
  version: 2,
  reservationId: RES_1,
  reservedAt: at(1).toISOString(),
  deadline: at(16).toISOString(),
};

export const confirmed: ConfirmedOrder = {
  ...base,
  status: 'CONFIRMED',
  updatedAt: at(2).toISOString(),
  version: 3,
  reservationId: RES_1,
  reservedAt: at(1).toISOString(),
  paymentId: 'pay-1',
  confirmedAt: at(2).toISOString(),
};

/** Cancelled by the customer before inventory answered: no reservation is known. */
export const cancelledWhilePending: CancelledOrder = {
  ...base,
  status: 'CANCELLED',
  updatedAt: at(1).toISOString(),
  version: 2,
  cancellation: { reason: 'CANCELLED_BY_CUSTOMER', at: at(1).toISOString() },
};

export const cancelledWhileReserved: CancelledOrder = {
  ...base,
  status: 'CANCELLED',
  updatedAt: at(3).toISOString(),
  version: 3,
  reservationId: RES_1,
  reservedAt: at(1).toISOString(),
  cancellation: { reason: 'PAYMENT_DECLINED', at: at(3).toISOString(), detail: 'insufficient funds' },
};

export const cancelledOutOfStock: CancelledOrder = {
  ...base,
  status: 'CANCELLED',
  updatedAt: at(1).toISOString(),
  version: 2,
  cancellation: { reason: 'OUT_OF_STOCK', at: at(1).toISOString(), detail: 'not available: MUG-001' },
};
