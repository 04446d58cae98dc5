import { MAX_ORDER_LINES, Quantity, Sku } from '@stratus/events';
import { z } from 'zod';

/**
 * SKU format, quantity range and line limit come from the event catalog, so every request the
 * API accepts yields an OrderPlaced event that validates. SKU: a stem of 3-12 upper-case letters
 * or digits and up to three variant parts joined by dashes (`TSHIRT-RED-XL`); quantity 1-100;
 * 1-50 lines.
 */
const OrderLineRequest = z.strictObject({ sku: Sku, quantity: Quantity });

/**
 * Body of `POST /orders`. Unknown fields are refused rather than ignored, so a client that
 * misspells a field hears about it.
 *
 * Duplicate SKU lines are refused, not merged: inventory reserves an order in one DynamoDB
 * transaction, which may not touch the same item twice, and merging would silently turn two
 * valid lines of 60 into one line above the 100-unit limit. The error names the repeated line.
 */
export const PlaceOrderRequest = z.strictObject({
  items: z
    .array(OrderLineRequest)
    .min(1)
    .max(MAX_ORDER_LINES)
    .superRefine((items, ctx) => {
      const firstIndexBySku = new Map<string, number>();
      items.forEach((item, index) => {
        const first = firstIndexBySku.get(item.sku);
        if (first === undefined) {
          firstIndexBySku.set(item.sku, index);
          return;
        }
        ctx.addIssue({
          code: 'custom',
          path: [index, 'sku'],
          message: `duplicate SKU ${item.sku} (already in line ${first}); put the whole quantity in one line`,
        });
      });
    }),
});
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;

export interface FieldIssue {
  path: string;
  message: string;
}

export type RequestValidation<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Validates a parsed JSON body; issues carry dotted paths like `items.3.quantity`. */
export function validatePlaceOrderRequest(body: unknown): RequestValidation<PlaceOrderRequest> {
  const result = PlaceOrderRequest.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}
