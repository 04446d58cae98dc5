/**
 * The cases of http-handler.bench.ts. Bundled by esbuild before it runs, exactly as
 * serverless-esbuild bundles a function, because middy is ESM-only and cannot be `require`d.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { z } from 'zod';
import middy from '@middy/core';
import { httpHandler, json, observability } from '../src';

export type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface BenchCase {
  name: string;
  handler: Handler;
  event: APIGatewayProxyEvent;
  status: number;
}

export const buildCases = (eventPath: string): BenchCase[] => {
  const event = JSON.parse(readFileSync(eventPath, 'utf8')) as APIGatewayProxyEvent;
  const invalidEvent = { ...event, body: JSON.stringify({ items: [{ sku: 'bad', quantity: 0 }], extra: 1 }) };

  const PlaceOrder = z.strictObject({
    items: z
      .array(z.strictObject({ sku: z.string().regex(/^SKU-\d{4}$/), quantity: z.int().min(1).max(100) }))
      .min(1)
      .max(50),
  });
  const accepted = { orderId: '0b5a1f6e-3c2d-4e8f-9a7b-6c5d4e3f2a1b', status: 'PENDING' };

  const bare: Handler = async () => ({
    statusCode: 202,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(accepted),
  });
  const bareWithValidation: Handler = async (incoming) => {
    const parsed = PlaceOrder.safeParse(JSON.parse(incoming.body ?? ''));
    if (!parsed.success) return { statusCode: 400, body: '{}' };
    return {
      statusCode: 202,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(accepted),
    };
  };
  const kit = httpHandler({ body: PlaceOrder, roles: ['customer'] }, async () => json(202, accepted));
  const kitNoSchema = httpHandler({}, async () => json(202, accepted));

  return [
    { name: 'bare async function', handler: bare, event, status: 202 },
    { name: 'bare + JSON.parse + zod', handler: bareWithValidation, event, status: 202 },
    { name: 'middy, no middleware', handler: middy(bare), event, status: 202 },
    {
      name: 'middy, early timeout off',
      handler: middy(bare, { timeoutEarlyInMillis: 0 }),
      event,
      status: 202,
    },
    { name: 'middy + observability()', handler: middy(bare).use(observability()), event, status: 202 },
    { name: 'httpHandler, no schema', handler: kitNoSchema, event, status: 202 },
    { name: 'httpHandler, body + role', handler: kit, event, status: 202 },
    { name: 'httpHandler, 400 refusal', handler: kit, event: invalidEvent, status: 400 },
  ];
};
