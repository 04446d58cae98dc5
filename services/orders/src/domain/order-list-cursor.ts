import { z } from 'zod';

/**
 * Position in a customer's newest-first order list. The cursor handed to clients holds only the
 * last order's creation time and id; the store rebuilds the full key with the caller's own
 * customer id, so a cursor copied from another customer cannot page through their orders.
 */
export interface OrderListPosition {
  createdAt: string;
  orderId: string;
}

const Position = z.strictObject({ c: z.iso.datetime(), o: z.string().min(1).max(128) });

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor is not one this API returned');
  }
}

export function encodeCursor(position: OrderListPosition): string {
  return Buffer.from(JSON.stringify({ c: position.createdAt, o: position.orderId }), 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): OrderListPosition {
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = Position.safeParse(json);
  if (!parsed.success) throw new InvalidCursorError();
  return { createdAt: parsed.data.c, orderId: parsed.data.o };
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
