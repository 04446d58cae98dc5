import { httpHandler, json, UnprocessableError } from '@stratus/lambda';
import { acceptOrder } from '../application/accept-order';
import { PlaceOrderRequest } from '../domain/place-order-request';
import { contactEmailOf, idempotencyKeyOf } from './http-inputs';
import { countPlaced } from './order-metrics';
import { orderSettings, ordersDependencies } from './wiring';

/** 50 lines of the longest SKUs fit in under 4 KB; anything much larger is not an order. */
export const MAX_ORDER_BODY_BYTES = 16 * 1024;

/**
 * POST /orders (customer): a strict body, a required Idempotency-Key; 202 {orderId, status}.
 * The same key and body answer the first response again; the same key with another body is 422.
 */
export const placeOrderHandler = (deps = ordersDependencies, settings = orderSettings) =>
  httpHandler(
    { body: PlaceOrderRequest, roles: ['customer'], maxBodyBytes: MAX_ORDER_BODY_BYTES },
    async ({ body, auth, headers, correlationId, event }) => {
      const idempotencyKey = idempotencyKeyOf(headers);
      const contactEmail = contactEmailOf(event);
      const outcome = await acceptOrder(deps(), settings(), {
        customerId: auth.sub,
        idempotencyKey,
        request: body,
        correlationId,
        ...(contactEmail === undefined ? {} : { contactEmail }),
      });
      switch (outcome.kind) {
        case 'accepted':
          countPlaced();
          return json(outcome.response.statusCode, outcome.response.body);
        case 'replayed':
          return json(outcome.response.statusCode, outcome.response.body, { 'Idempotent-Replayed': 'true' });
        case 'key-reused':
          throw new UnprocessableError(outcome.message, { code: 'IDEMPOTENCY_KEY_REUSED' });
      }
    },
  );

export const handler = placeOrderHandler();
