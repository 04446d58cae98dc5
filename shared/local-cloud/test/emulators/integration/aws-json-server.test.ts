import { createServer, type Server } from 'node:http';
import {
  AwsServiceError,
  createAwsJsonServer,
  readJsonObjectBody,
  type AwsJsonServerOptions,
} from '../../../src/emulators/support/aws-json-server';
import { closeServer, listenOn } from '../../../src/emulators/support/ports';
import { eventually } from '../../../src/testing';

const started: Server[] = [];
afterAll(() => Promise.all(started.map((server) => closeServer(server))));

async function endpointOf(server: Server): Promise<string> {
  started.push(server);
  return `http://127.0.0.1:${await listenOn(server, 'test', 0)}`;
}

const call = (endpoint: string, target: string, body: string, method = 'POST') =>
  fetch(endpoint, {
    method,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    ...(method === 'POST' ? { body } : {}),
  });

describe('the AWS JSON protocol server shared by the emulators', () => {
  const internalErrors: string[] = [];
  const operations: AwsJsonServerOptions['operations'] = {
    'Test.Echo': (input) => ({ echoed: input }),
    'Test.When': () => ({ at: new Date(1_700_000_000_500), nested: [{ at: new Date(0) }] }),
    'Test.Missing': () => {
      throw new AwsServiceError('ResourceNotFoundException', 'No such thing.', 400, { Resource: 'x' });
    },
    'Test.Broken': async () => {
      throw new Error('disk on fire');
    },
  };

  it('dispatches on X-Amz-Target, answers in its content type, with timestamps as epoch seconds', async () => {
    const endpoint = await endpointOf(createAwsJsonServer({ jsonVersion: '1.0', operations }));
    const echo = await call(endpoint, 'Test.Echo', '{"a":1}');
    expect(echo.status).toBe(200);
    expect(echo.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(echo.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await echo.json()).toEqual({ echoed: { a: 1 } });
    expect(await (await call(endpoint, 'Test.Echo', '  ')).json()).toEqual({ echoed: {} });
    expect(await (await call(endpoint, 'Test.When', '{}')).json()).toEqual({
      at: 1_700_000_000.5,
      nested: [{ at: 0 }],
    });
  });

  it('answers service errors with both message members by default, or the one the service names', async () => {
    const both = await endpointOf(createAwsJsonServer({ jsonVersion: '1.1', operations }));
    const missing = await call(both, 'Test.Missing', '{}');
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await missing.json()).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'No such thing.',
      Message: 'No such thing.',
      Resource: 'x',
    });
    const lower = await endpointOf(
      createAwsJsonServer({ jsonVersion: '1.1', operations, errorMessageMember: 'message' }),
    );
    expect(await (await call(lower, 'Test.Missing', '{}')).json()).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'No such thing.',
      Resource: 'x',
    });
  });

  it('answers unexpected failures with 500 and the internal error type, and reports them', async () => {
    const endpoint = await endpointOf(
      createAwsJsonServer({
        jsonVersion: '1.1',
        operations,
        internalErrorType: 'InternalException',
        onInternalError: (error, target) => internalErrors.push(`${target}: ${(error as Error).message}`),
      }),
    );
    const broken = await call(endpoint, 'Test.Broken', '{}');
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ __type: 'InternalException', message: 'disk on fire' });
    expect(internalErrors).toEqual(['Test.Broken: disk on fire']);
  });

  it('refuses other methods, unknown operations and bodies that are not a JSON object', async () => {
    const endpoint = await endpointOf(
      createAwsJsonServer({ jsonVersion: '1.0', operations, name: 'the test emulator' }),
    );
    const get = await call(endpoint, 'Test.Echo', '', 'GET');
    expect(get.status).toBe(400);
    expect(await get.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(await (await call(endpoint, 'Test.Nope', '{}')).json()).toMatchObject({
      __type: 'UnknownOperationException',
      message: 'Operation Test.Nope is not supported by the test emulator',
    });
    for (const body of ['{', '[1]', 'null', '"text"']) {
      const refused = await call(endpoint, 'Test.Echo', body);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ __type: 'SerializationException' });
    }
  });

  it('refuses a body over the limit with 413 ValidationException before reading all of it', async () => {
    const outcomes: unknown[] = [];
    const server = createServer((request, response) => {
      readJsonObjectBody(request, { maxBodyBytes: 1024 }).then(
        (body) => {
          outcomes.push(body);
          response.end();
        },
        (error: unknown) => outcomes.push(error),
      );
    });
    const endpoint = await endpointOf(server);
    // The reader drops the connection once the limit is passed: the client sees an error.
    await expect(
      fetch(endpoint, { method: 'POST', body: JSON.stringify({ big: 'x'.repeat(64 * 1024) }) }),
    ).rejects.toThrow();
    await fetch(endpoint, { method: 'POST', body: JSON.stringify({ small: 'x'.repeat(100) }) });
    await eventually('both bodies read', () => (outcomes.length === 2 ? outcomes : undefined));
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0]).toBeInstanceOf(AwsServiceError);
    expect(outcomes[0]).toMatchObject({
      code: 'ValidationException',
      statusCode: 413,
      message: 'Request body is too large.',
    });
    expect(outcomes[1]).toEqual({ small: 'x'.repeat(100) });
  });
});
