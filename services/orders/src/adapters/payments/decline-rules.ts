import { z } from 'zod';
import type { ChargeRequest } from '../../ports/payment-provider';

/**
 * When the simulated payment provider declines, as JSON in an SSM parameter (so a test or a demo
 * changes it without a deploy; it is read through Powertools Parameters with a short cache).
 * Orders carry no prices, so "the total" is the number of units.
 *
 * ```json
 * { "declineCustomers": ["mallory"], "declineSkus": ["DECLINE-ME"], "maxUnitsPerOrder": 500 }
 * ```
 */
export const DeclineRules = z.strictObject({
  declineCustomers: z.array(z.string().min(1)).default([]),
  declineSkus: z.array(z.string().min(1)).default([]),
  maxUnitsPerOrder: z.int().min(1).optional(),
});
export type DeclineRules = z.output<typeof DeclineRules>;

export const NO_DECLINES: DeclineRules = { declineCustomers: [], declineSkus: [] };

/** Why a charge is declined under these rules, or undefined when it is approved. */
export function declineReason(rules: DeclineRules, request: ChargeRequest): string | undefined {
  if (rules.declineCustomers.includes(request.customerId)) return 'CARD_DECLINED';
  const sku = request.items.find((item) => rules.declineSkus.includes(item.sku))?.sku;
  if (sku !== undefined) return `RISK_DECLINED: ${sku}`;
  const units = request.items.reduce((sum, item) => sum + item.quantity, 0);
  if (rules.maxUnitsPerOrder !== undefined && units > rules.maxUnitsPerOrder) return 'LIMIT_EXCEEDED';
  return undefined;
}

export function parseDeclineRules(text: string, source: string): DeclineRules {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON`);
  }
  const parsed = DeclineRules.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${source} is not a decline rule set: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
