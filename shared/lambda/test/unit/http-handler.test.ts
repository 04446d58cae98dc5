import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  httpHandler,
  json,
  NotFoundError,
  noContent,
  UnauthorizedError,
  UnprocessableError,
} from '../../src';
import { captureConsole, type Captured } from '../support/console-capture';
import { fixture } from '../support/fixtures';
import { lambdaContext } from '../../src/testing';

const PlaceOrder = z.strictObject({
  items: z
    .array(
      z.strictObject({ sku: z.string().regex(/^SKU-\d{4}$/), quantity: z.number().int().min(1).max(100) }),
    )
    .min(1)
    .max(50),
});

const postOrder = (overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent => ({
  ...fixture<APIGatewayProxyEvent>('api-gateway-rest-post-order'),
  ...overrides,
});
const getOrder = (): APIGatewayProxyEvent => fixture<APIGatewayProxyEvent>('api-gateway-rest-get-order');

const bodyOf = (response: APIGatewayProxyResult): Record<string, unknown> =>
  JSON.parse(response.body) as Record<string, unknown>;
const header = (response: APIGatewayProxyResult, name: string): unknown =>
  Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

let output: Captured;
beforeEach(() => {
  output = captureConsole();
});
afterEach(() => output.restore());

describe('httpHandler success paths', () => {
  const placeOrder = httpHandler(
    { body: PlaceOrder, roles: ['customer'] },
    async ({ body, auth, correlationId }) =>
      json(202, { lines: body.items.length, sub: auth.sub, correlationId }),
  );

  it('passes the validated body, the caller and the correlation id to the handler', async () => {
    const response = await placeOrder(postOrder(), lambdaContext());
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ lines: 1, sub: 'alice', correlationId: 'corr-from-client-1' });
    expect(header(response, 'content-type')).toBe('application/json; charset=utf-8');
  });

  it('validates and coerces path parameters and query strings', async () => {
    const handler = httpHandler(
      {
        params: z.strictObject({ orderId: z.uuid() }),
        query: z.strictObject({ include: z.enum(['items']).optional() }),
      },
      async ({ params, query }) => ({ orderId: params.orderId, include: query.include }),
    );
    const response = await handler(getOrder(), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ orderId: '0b5a1f6e-3c2d-4e8f-9a7b-6c5d4e3f2a1b', include: 'items' });
  });

  it('answers 204 with an empty body when the handler returns nothing', async () => {
    const handler = httpHandler({}, async () => undefined);
    const response = await handler(getOrder(), lambdaContext());
    expect(response).toMatchObject({ statusCode: 204, body: '' });
    expect(header(response, 'content-type')).toBeUndefined();
  });

  it('keeps headers a handler sets explicitly', async () => {
    const handler = httpHandler({}, async () => noContent({ Location: '/orders/1' }));
    const response = await handler(getOrder(), lambdaContext());
    expect(header(response, 'location')).toBe('/orders/1');
  });

  it('reads HTTP API (payload v2) events: base64 body, lambda authorizer context', async () => {
    const handler = httpHandler(
      { body: PlaceOrder, roles: ['admin'] },
      async ({ body, auth, method, route }) => ({
        sku: body.items[0]?.sku,
        auth,
        method,
        route,
      }),
    );
    const response = await handler(
      fixture<APIGatewayProxyEventV2>('api-gateway-http-v2-post-order'),
      lambdaContext(),
    );
    expect(bodyOf(response)).toEqual({
      sku: 'SKU-0001',
      auth: { sub: 'bob', role: 'admin' },
      method: 'POST',
      route: '/orders',
    });
    expect(header(response, 'x-correlation-id')).toBe('corr-from-client-v2');
  });
});

describe('httpHandler refusals', () => {
  const placeOrder = httpHandler({ body: PlaceOrder }, async () => json(202, { ok: true }));

  it('400 INVALID_JSON for a body that is not JSON', async () => {
    const response = await placeOrder(
      postOrder({ body: '{"items": [' }),
      lambdaContext({ awsRequestId: 'req-json' }),
    );
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      error: { code: 'INVALID_JSON', message: 'Request body is not valid JSON', requestId: 'req-json' },
    });
  });

  it('400 VALIDATION_FAILED naming every bad, missing and unknown field', async () => {
    const body = JSON.stringify({
      items: [
        { sku: 'nope', quantity: 0 },
        { quantity: 1, colour: 'red' },
      ],
      coupon: 'X',
    });
    const response = await placeOrder(postOrder({ body }), lambdaContext());
    expect(response.statusCode).toBe(400);
    const error = bodyOf(response).error as { code: string; fields: { path: string; message: string }[] };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((field) => field.path).sort()).toEqual(
      [
        'body.coupon',
        'body.items[0].quantity',
        'body.items[0].sku',
        'body.items[1].colour',
        'body.items[1].sku',
      ].sort(),
    );
    expect(error.fields).toContainEqual({ path: 'body.items[1].sku', message: 'Required' });
    expect(error.fields).toContainEqual({ path: 'body.coupon', message: 'Unknown field' });
  });

  it('400 VALIDATION_FAILED for a missing body when the route expects one', async () => {
    const response = await placeOrder(postOrder({ body: null }), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'body', message: 'Required' }],
    });
  });

  it('reports path and query violations together', async () => {
    const handler = httpHandler(
      {
        params: z.strictObject({ orderId: z.uuid() }),
        query: z.strictObject({ limit: z.coerce.number().int().max(100) }),
      },
      async () => ({}),
    );
    const event = getOrder();
    event.pathParameters = { orderId: 'not-a-uuid' };
    event.queryStringParameters = { limit: '1000', extra: '1' };
    const response = await handler(event, lambdaContext());
    const paths = ((bodyOf(response).error as { fields: { path: string }[] }).fields ?? []).map(
      (field) => field.path,
    );
    expect(paths.sort()).toEqual(['params.orderId', 'query.extra', 'query.limit']);
  });

  it('413 PAYLOAD_TOO_LARGE above the default 64 KB', async () => {
    const items = Array.from({ length: 3000 }, () => ({
      sku: 'SKU-0001',
      quantity: 1,
      padding: 'x'.repeat(10),
    }));
    const response = await placeOrder(postOrder({ body: JSON.stringify({ items }) }), lambdaContext());
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('413 with a configured limit, counting bytes rather than characters', async () => {
    const small = httpHandler({ body: z.object({ note: z.string() }), maxBodyBytes: 20 }, async () => ({}));
    const fits = await small(postOrder({ body: JSON.stringify({ note: 'abcdefg' }) }), lambdaContext());
    expect(fits.statusCode).toBe(200);
    const multiByte = await small(postOrder({ body: JSON.stringify({ note: 'ééééééé' }) }), lambdaContext());
    expect(multiByte.statusCode).toBe(413);
  });

  it.each([
    ['text/plain', 415],
    [undefined, 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=utf-8', 202],
    ['Application/JSON', 202],
    ['application/merge-patch+json', 202],
  ])('content type %s -> %d', async (contentType, status) => {
    const event = postOrder();
    const headers: Record<string, string> = { ...(event.headers as Record<string, string>) };
    delete headers['Content-Type'];
    if (contentType) headers['content-type'] = contentType;
    const response = await placeOrder({ ...event, headers }, lambdaContext());
    expect(response.statusCode).toBe(status);
    if (status === 415) expect(bodyOf(response).error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it.each([
    [new NotFoundError('Order not found'), 404, 'NOT_FOUND', 'Order not found'],
    [
      new ConflictError('Order already confirmed', { code: 'ORDER_CONFIRMED' }),
      409,
      'ORDER_CONFIRMED',
      'Order already confirmed',
    ],
    [
      new UnprocessableError('Unknown SKU SKU-9999', { code: 'UNKNOWN_SKU' }),
      422,
      'UNKNOWN_SKU',
      'Unknown SKU SKU-9999',
    ],
    [new ForbiddenError(), 403, 'FORBIDDEN', 'Forbidden'],
    [new UnauthorizedError(), 401, 'UNAUTHORIZED', 'Unauthorized'],
    [new BadRequestError('Bad cursor', { code: 'INVALID_CURSOR' }), 400, 'INVALID_CURSOR', 'Bad cursor'],
  ])('maps %p to %d', async (error, status, code, message) => {
    const handler = httpHandler({}, async () => {
      throw error;
    });
    const response = await handler(getOrder(), lambdaContext({ awsRequestId: 'req-domain' }));
    expect(response.statusCode).toBe(status);
    expect(bodyOf(response)).toEqual({ error: { code, message, requestId: 'req-domain' } });
  });

  it('401 without an authorizer context and 403 with the wrong role when roles are required', async () => {
    const adminOnly = httpHandler({ roles: ['admin'] }, async () => ({ ok: true }));
    const anonymous = getOrder();
    anonymous.requestContext.authorizer = null;
    expect((await adminOnly(anonymous, lambdaContext())).statusCode).toBe(401);
    expect((await adminOnly(getOrder(), lambdaContext())).statusCode).toBe(403);
  });

  it('checks the role before validating, so callers without access learn nothing about the input', async () => {
    const adminOnly = httpHandler({ roles: ['admin'], body: PlaceOrder }, async () => ({ ok: true }));
    const response = await adminOnly(postOrder({ body: '{' }), lambdaContext());
    expect(response.statusCode).toBe(403);
  });
});

describe('httpHandler unknown errors', () => {
  it('500 INTERNAL with the request id only; message and stack go to the log', async () => {
    const handler = httpHandler({}, async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2');
    });
    const response = await handler(getOrder(), lambdaContext({ awsRequestId: 'req-500' }));
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe(
      '{"error":{"code":"INTERNAL","message":"Internal error","requestId":"req-500"}}',
    );
    const logged = output.logs().find((line) => line.message === 'Unhandled error');
    expect(logged).toMatchObject({ level: 'ERROR', function_request_id: 'req-500' });
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
    expect(JSON.stringify(logged)).toContain('stack');
  });

  it('500 for thrown non-errors too', async () => {
    const handler = httpHandler({}, async () => {
      throw 'a string';
    });
    const response = await handler(getOrder(), lambdaContext());
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response).error).toMatchObject({ code: 'INTERNAL', message: 'Internal error' });
  });
});

describe('httpHandler CORS', () => {
  it('adds CORS headers to successes and errors (wildcard by default)', async () => {
    const ok = await httpHandler({}, async () => ({}))(getOrder(), lambdaContext());
    const failed = await httpHandler({}, async () => {
      throw new NotFoundError();
    })(getOrder(), lambdaContext());
    for (const response of [ok, failed]) {
      expect(header(response, 'access-control-allow-origin')).toBe('*');
      expect(String(header(response, 'access-control-allow-headers'))).toContain('Idempotency-Key');
      expect(String(header(response, 'access-control-expose-headers'))).toContain('X-Correlation-Id');
    }
  });

  it('reflects only configured origins (env CORS_ALLOWED_ORIGINS)', async () => {
    process.env.CORS_ALLOWED_ORIGINS = 'https://shop.example.com, https://admin.example.com';
    try {
      const handler = httpHandler({ body: PlaceOrder }, async () => json(202, {}));
      const allowed = await handler(postOrder(), lambdaContext());
      expect(header(allowed, 'access-control-allow-origin')).toBe('https://shop.example.com');
      const event = postOrder();
      (event.headers as Record<string, string>).Origin = 'https://evil.example.net';
      const refused = await handler(event, lambdaContext());
      expect(header(refused, 'access-control-allow-origin')).toBeUndefined();
    } finally {
      delete process.env.CORS_ALLOWED_ORIGINS;
    }
  });

  it('can be turned off', async () => {
    const response = await httpHandler({ cors: false }, async () => ({}))(getOrder(), lambdaContext());
    expect(header(response, 'access-control-allow-origin')).toBeUndefined();
  });
});

describe('httpHandler correlation id', () => {
  const echo = httpHandler({}, async ({ correlationId }) => ({ correlationId }));

  it('echoes the incoming id whatever the header case', async () => {
    for (const name of ['X-Correlation-Id', 'x-correlation-id', 'X-CORRELATION-ID']) {
      const event = getOrder();
      event.headers = { ...event.headers, [name]: 'abc-123' };
      const response = await echo(event, lambdaContext());
      expect(header(response, 'x-correlation-id')).toBe('abc-123');
      expect(bodyOf(response).correlationId).toBe('abc-123');
    }
  });

  it('generates a uuid when absent or malformed, the same one in handler, header and logs', async () => {
    const event = getOrder();
    event.headers = { ...event.headers, 'x-correlation-id': 'bad value\nwith newline' };
    const logging = httpHandler({}, async ({ correlationId }) => {
      const { logger } = await import('../../src');
      logger.info('inside handler');
      return { correlationId };
    });
    const response = await logging(event, lambdaContext());
    const id = bodyOf(response).correlationId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(response, 'x-correlation-id')).toBe(id);
    expect(output.logs().find((line) => line.message === 'inside handler')).toMatchObject({
      correlation_id: id,
    });
  });

  it('echoes and logs the id on error responses too', async () => {
    const failing = httpHandler({}, async () => {
      throw new Error('boom');
    });
    const event = getOrder();
    event.headers = { ...event.headers, 'X-Correlation-Id': 'corr-err' };
    const response = await failing(event, lambdaContext());
    expect(header(response, 'x-correlation-id')).toBe('corr-err');
    expect(output.logs().find((line) => line.message === 'Unhandled error')).toMatchObject({
      correlation_id: 'corr-err',
    });
  });

  it('does not leak one invocation`s id into the next', async () => {
    const first = getOrder();
    first.headers = { ...first.headers, 'X-Correlation-Id': 'first-id' };
    await echo(first, lambdaContext());
    const second = await echo(getOrder(), lambdaContext());
    expect(bodyOf(second).correlationId).not.toBe('first-id');
  });
});

describe('httpHandler observability', () => {
  it('adds the Lambda context to log lines and publishes metrics in the Stratus namespace', async () => {
    const { metrics, MetricUnit, logger } = await import('../../src');
    const handler = httpHandler({}, async () => {
      logger.info('working');
      metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1);
      return {};
    });
    await handler(getOrder(), lambdaContext({ awsRequestId: 'req-obs' }));
    expect(output.logs().find((line) => line.message === 'working')).toMatchObject({
      service: 'kit-test',
      function_name: 'test-function',
      function_request_id: 'req-obs',
    });
    const emf = output.metrics().find((line) => 'OrdersPlaced' in line) as {
      _aws: { CloudWatchMetrics: { Namespace: string }[] };
      service: string;
    };
    expect(emf._aws.CloudWatchMetrics[0]?.Namespace).toBe('Stratus');
    expect(emf.service).toBe('kit-test');
  });
});
