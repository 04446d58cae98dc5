import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * `Idempotency-Key` header: 8-128 characters from a URL-safe set, so a UUID, a ULID or a
 * client's own token all fit and nothing needs escaping in a DynamoDB key.
 */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, { error: 'must be 8-128 characters of A-Z a-z 0-9 _ . : -' });

/** What `POST /orders` answered the first time a (customer, key) pair was used. */
export interface IdempotencyRecord {
  customerId: string;
  key: string;
  requestHash: string;
  orderId: string;
  response: { statusCode: number; body: unknown };
  createdAt: string;
  /** After this the key may be used again (stores delete the record later, by TTL). */
  expiresAt: string;
}

export type IdempotencyDecision =
  | { action: 'execute' }
  | { action: 'replay'; response: IdempotencyRecord['response'] }
  | { action: 'reject'; code: 'IDEMPOTENCY_KEY_REUSED'; message: string };

/**
 * Same key and same body: answer what was answered before. Same key, another body: refuse (the
 * client has a bug, and guessing which request it meant would be worse). Keys are scoped per
 * customer, so one customer's key can never replay another customer's response.
 */
export function decideIdempotency(
  existing: IdempotencyRecord | undefined,
  request: { customerId: string; requestHash: string },
  now: Date,
): IdempotencyDecision {
  if (existing === undefined) return { action: 'execute' };
  if (existing.customerId !== request.customerId) {
    throw new Error('idempotency record looked up for another customer: keys must be scoped per customer');
  }
  if (now.getTime() >= Date.parse(existing.expiresAt)) return { action: 'execute' };
  if (existing.requestHash === request.requestHash) return { action: 'replay', response: existing.response };
  return {
    action: 'reject',
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: 'this Idempotency-Key was already used with a different request body',
  };
}

/**
 * Fingerprint of a validated request: canonical JSON (keys sorted at every depth) hashed with
 * SHA-256. Hashing the parsed value, not the raw bytes, means whitespace and key order do not
 * make two identical orders look different; array order does count (lines are ordered).
 */
export function requestFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`cannot fingerprint a value of type ${typeof value}`);
    return json;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
