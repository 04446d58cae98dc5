/**
 * Compile-time tests of the kit's public types: `npm run typecheck` (tsc) fails if an inferred type
 * drifts or if a line marked @ts-expect-error starts compiling. Jest does not run this file.
 */
import {
  InventoryReservationFailed,
  InventoryReserved,
  OrderPlaced,
  type EventData,
  type EventMetadata,
} from '@stratus/events';
import { z } from 'zod';
import {
  eventBridgeHandler,
  getSecretJson,
  httpHandler,
  json,
  requireRole,
  sqsBatchHandler,
  sqsEventHandler,
  type AuthContext,
} from '../../src';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// Takes the inspected values only so that they count as used.
const expectType = <T extends true>(..._inspected: unknown[]): T => true as T;

const Body = z.strictObject({ items: z.array(z.strictObject({ sku: z.string(), quantity: z.int() })) });
const Params = z.strictObject({ orderId: z.uuid() });
const Query = z.strictObject({ limit: z.coerce.number().optional() });

export const typedHttp = httpHandler(
  { body: Body, params: Params, query: Query, roles: ['customer'] },
  async (request) => {
    expectType<Equal<typeof request.body, { items: { sku: string; quantity: number }[] }>>(request.body);
    expectType<Equal<typeof request.params, { orderId: string }>>(request.params);
    expectType<Equal<typeof request.query, { limit?: number | undefined }>>(request.query);
    expectType<Equal<typeof request.auth, AuthContext>>(request.auth);
    expectType<Equal<typeof request.correlationId, string>>(request.correlationId);
    return json(202, { ok: true });
  },
);

export const untypedHttp = httpHandler({}, async (request) => {
  expectType<Equal<typeof request.body, undefined>>(request.body);
  expectType<Equal<typeof request.params, Record<string, string>>>(request.params);
  expectType<Equal<typeof request.auth, AuthContext | undefined>>(request.auth);
  // @ts-expect-error without `roles` the caller may be anonymous
  void request.auth.sub;
  const auth = requireRole(request.auth, 'admin');
  expectType<Equal<typeof auth, AuthContext>>(auth);
  return undefined;
});

export const singleContract = eventBridgeHandler(OrderPlaced, async ({ data, metadata, detailType }) => {
  expectType<Equal<typeof data, EventData<typeof OrderPlaced>>>(data);
  expectType<Equal<typeof metadata, EventMetadata>>(metadata);
  expectType<Equal<typeof detailType, 'OrderPlaced'>>(detailType);
  // @ts-expect-error OrderPlaced has no reservationId
  void data.reservationId;
});

export const severalContracts = eventBridgeHandler(
  [InventoryReserved, InventoryReservationFailed],
  async (event) => {
    if (event.detailType === 'InventoryReserved') {
      expectType<Equal<typeof event.data, EventData<typeof InventoryReserved>>>(event.data);
    } else {
      expectType<Equal<typeof event.data, EventData<typeof InventoryReservationFailed>>>(event.data);
      // @ts-expect-error narrowed to InventoryReservationFailed, which has no reservationId
      void event.data.reservationId;
    }
  },
);

export const queueOfEvents = sqsEventHandler(OrderPlaced, async (event, message) => {
  expectType<Equal<typeof event.data, EventData<typeof OrderPlaced>>>(event.data);
  expectType<Equal<typeof message.receiveCount, number>>(message.receiveCount);
});

export const typedQueue = sqsBatchHandler(
  { body: z.strictObject({ paymentId: z.string() }) },
  async (body) => {
    expectType<Equal<typeof body, { paymentId: string }>>(body);
  },
);

export const untypedQueue = sqsBatchHandler(async (body) => {
  expectType<Equal<typeof body, unknown>>(body);
});

export const readSecret = async () => {
  const secret = await getSecretJson('name', z.strictObject({ apiKey: z.string() }));
  expectType<Equal<typeof secret, { apiKey: string }>>(secret);
};
