import { randomBytes } from 'node:crypto';
import { SKU_PATTERN } from '@stratus/events';

/**
 * A SKU no other test (or earlier run against a kept stack) uses: `<STEM>-<random>`, in the
 * catalog's SKU format, so tests share one stack without sharing stock.
 */
export function uniqueSku(stem: string): string {
  const sku = `${stem.toUpperCase().slice(0, 12)}-${randomBytes(5).toString('hex').toUpperCase()}`;
  if (!SKU_PATTERN.test(sku)) throw new Error(`uniqueSku: '${sku}' is not a catalog SKU (stem '${stem}')`);
  return sku;
}

/** A customer id of its own for each test, so `GET /orders` lists only that test's orders. */
export function uniqueCustomer(name: string): string {
  return `${name}-${randomBytes(4).toString('hex')}`;
}

/** An `Idempotency-Key` in the documented format (8-128 of `A-Z a-z 0-9 _ . : -`). */
export function idempotencyKey(): string {
  return `e2e-${randomBytes(12).toString('hex')}`;
}
