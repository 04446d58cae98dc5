import {
  authorizerTtls,
  createAuthorizerCache,
  createGate,
  limitLambdaPool,
} from '../../src/offline/lambda-pool-limits.cjs';
import type { PooledFunction } from '../../src/offline/lambda-pool-limits.cjs';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Stands in for serverless-offline's LambdaFunctionPool with its reuse rule: an IDLE instance is
 * handed out again, otherwise a new one is created. Each instance runs one invocation at a time
 * and complains if it is given a second while busy.
 */
function fakePoolClass() {
  const created: FakeFunction[] = [];
  const pending: { instance: FakeFunction; event: unknown; finish: (answer: unknown) => void }[] = [];
  class FakeFunction implements PooledFunction {
    status: 'IDLE' | 'BUSY' = 'IDLE';
    event: unknown;
    clientContext: unknown = 'never set';
    setEvent(event: unknown) {
      this.event = event;
    }
    setClientContext(clientContext: unknown) {
      this.clientContext = clientContext;
    }
    async runHandler() {
      if (this.status === 'BUSY') throw new Error('two invocations in one environment');
      this.status = 'BUSY';
      const done = deferred<unknown>();
      pending.push({ instance: this, event: this.event, finish: done.resolve });
      try {
        return await done.promise;
      } finally {
        this.status = 'IDLE';
      }
    }
  }
  class FakePool {
    instances: FakeFunction[] = [];
    get(_functionKey: string, _definition: unknown): PooledFunction {
      const idle = this.instances.find((instance) => instance.status === 'IDLE');
      if (idle) return idle;
      const instance = new FakeFunction();
      this.instances.push(instance);
      created.push(instance);
      return instance;
    }
  }
  const busy = () => created.filter((instance) => instance.status === 'BUSY').length;
  return { FakePool, created, pending, busy };
}

describe('createGate', () => {
  it('lets at most `limit` holders in and the waiting ones in first come, first served', async () => {
    const gate = createGate(2);
    const order: number[] = [];
    const holders = [1, 2, 3, 4, 5].map(async (id) => {
      const release = await gate.acquire();
      order.push(id);
      return release;
    });
    await settle();
    expect(order).toEqual([1, 2]);
    expect({ inside: gate.inside, waiting: gate.waiting }).toEqual({ inside: 2, waiting: 3 });

    (await holders[1]!)();
    await settle();
    expect(order).toEqual([1, 2, 3]);
    (await holders[0]!)();
    (await holders[2]!)();
    await settle();
    expect(order).toEqual([1, 2, 3, 4, 5]);
    (await holders[3]!)();
    (await holders[4]!)();
    expect({ inside: gate.inside, waiting: gate.waiting }).toEqual({ inside: 0, waiting: 0 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %p', (limit) => {
    expect(() => createGate(limit)).toThrow(/whole number >= 1/);
  });
});

describe('limitLambdaPool', () => {
  it('never runs more invocations of a function at once than the limit, and runs them all', async () => {
    const { FakePool, created, pending, busy } = fakePoolClass();
    limitLambdaPool(FakePool, { perFunction: 3, ttlSecondsByFunction: new Map() });
    const pool = new FakePool();

    const answers = Array.from({ length: 10 }, (_, index) => {
      const invocation = pool.get('placeOrder', {});
      invocation.setEvent({ index });
      return invocation.runHandler();
    });
    let finished = 0;
    while (finished < 10) {
      await settle();
      expect(busy()).toBeLessThanOrEqual(3);
      const next = pending.shift();
      if (!next) continue;
      next.finish({ answered: (next.event as { index: number }).index });
      finished++;
    }
    expect(await Promise.all(answers)).toEqual(
      Array.from({ length: 10 }, (_, index) => ({ answered: index })),
    );
    expect(created.length).toBe(3);
  });

  it('keeps one gate per function: a busy function does not hold up another', async () => {
    const { FakePool, pending } = fakePoolClass();
    limitLambdaPool(FakePool, { perFunction: 1, ttlSecondsByFunction: new Map() });
    const pool = new FakePool();
    const first = pool.get('payments', {});
    first.setEvent('a');
    void first.runHandler();
    const other = pool.get('health', {});
    other.setEvent('b');
    void other.runHandler();
    await settle();
    expect(pending.map((entry) => entry.event)).toEqual(['a', 'b']);
  });

  it('passes a client context on only when the caller set one', async () => {
    const { FakePool, created, pending } = fakePoolClass();
    limitLambdaPool(FakePool, { perFunction: 1, ttlSecondsByFunction: new Map() });
    const pool = new FakePool();
    const invoked = pool.get('worker', {});
    invoked.setClientContext({ custom: 1 });
    invoked.setEvent({});
    const running = invoked.runHandler();
    await settle();
    pending.shift()!.finish('ok');
    await running;
    expect(created[0]!.clientContext).toEqual({ custom: 1 });
  });

  describe('with a TOKEN authorizer', () => {
    const tokenEvent = (
      token: string,
      methodArn = 'arn:aws:execute-api:us-east-1:1:api/local/GET/orders',
    ) => ({
      type: 'TOKEN',
      authorizationToken: token,
      methodArn,
    });
    const allow = (principalId: string) => ({
      principalId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
      },
      context: { role: 'customer' },
    });

    async function setUp(ttlSeconds: number) {
      let clock = 1_000_000;
      const fake = fakePoolClass();
      limitLambdaPool(fake.FakePool, {
        perFunction: 2,
        ttlSecondsByFunction: new Map([['authorize', ttlSeconds]]),
        now: () => clock,
      });
      const pool = new fake.FakePool();
      const authorize = async (token: string, answer: unknown) => {
        const invocation = pool.get('authorize', {});
        invocation.setEvent(tokenEvent(token));
        const result = invocation.runHandler();
        await settle();
        fake.pending.shift()?.finish(answer);
        return result;
      };
      return { ...fake, pool, authorize, advance: (ms: number) => (clock += ms) };
    }

    it('answers a token it has seen within the TTL without invoking the authorizer, with a copy', async () => {
      const { authorize, created, advance } = await setUp(300);
      const first = (await authorize('Bearer a', allow('alice'))) as ReturnType<typeof allow>;
      first.context.role = 'changed by the caller';
      advance(299_000);
      const again = await authorize('Bearer a', 'the authorizer must not run');
      expect(again).toEqual(allow('alice'));
      expect(created.length).toBe(1);
    });

    it('asks the authorizer again once the TTL has passed, and for another token', async () => {
      const { authorize, advance } = await setUp(300);
      await authorize('Bearer a', allow('alice'));
      expect(await authorize('Bearer b', allow('bob'))).toEqual(allow('bob'));
      advance(300_000);
      expect(await authorize('Bearer a', allow('alice again'))).toEqual(allow('alice again'));
    });

    it('does not keep answers without a policy (Unauthorized) and keeps nothing when the TTL is 0', async () => {
      const unauthorized = await setUp(300);
      expect(await unauthorized.authorize('Bearer x', 'Unauthorized')).toBe('Unauthorized');
      expect(await unauthorized.authorize('Bearer x', allow('x'))).toEqual(allow('x'));

      const uncached = await setUp(0);
      await uncached.authorize('Bearer a', allow('alice'));
      expect(await uncached.authorize('Bearer a', allow('alice, asked again'))).toEqual(
        allow('alice, asked again'),
      );
    });

    it('lets requests that waited at the gate with the same token take the first answer', async () => {
      const { pool, pending, created } = await setUp(300);
      const calls = Array.from({ length: 6 }, () => {
        const invocation = pool.get('authorize', {});
        invocation.setEvent(tokenEvent('Bearer same'));
        return invocation.runHandler();
      });
      await settle();
      expect(pending.length).toBe(2);
      for (const entry of pending.splice(0)) entry.finish(allow('same'));
      expect(await Promise.all(calls)).toEqual(Array.from({ length: 6 }, () => allow('same')));
      expect(created.length).toBe(2);
      expect(pending.length).toBe(0);
    });
  });
});

describe('createAuthorizerCache', () => {
  it('evicts the oldest entry beyond maxEntries', () => {
    const cache = createAuthorizerCache({ ttlSecondsByFunction: new Map([['auth', 60]]), maxEntries: 2 });
    const answer = (id: string) => ({ principalId: id, policyDocument: {} });
    cache.set('auth', 'a', answer('a'));
    cache.set('auth', 'b', answer('b'));
    cache.set('auth', 'c', answer('c'));
    expect([cache.get('auth', 'a'), cache.get('auth', 'b'), cache.get('auth', 'c')]).toEqual([
      undefined,
      answer('b'),
      answer('c'),
    ]);
    expect(cache.size).toBe(2);
  });
});

describe('authorizerTtls', () => {
  it('reads TOKEN authorizers of http events, 300 s by default, the shortest when endpoints disagree', () => {
    const ttls = authorizerTtls({
      placeOrder: {
        events: [
          {
            http: {
              path: 'orders',
              method: 'post',
              authorizer: { name: 'authorize', resultTtlInSeconds: 60 },
            },
          },
        ],
      },
      getOrder: {
        events: [
          {
            http: {
              path: 'orders/{id}',
              method: 'get',
              authorizer: { name: 'authorize', resultTtlInSeconds: 300 },
            },
          },
        ],
      },
      list: { events: [{ http: { path: 'things', method: 'get', authorizer: 'plainAuthorizer' } }] },
      byRequest: {
        events: [
          { http: { path: 'x', method: 'get', authorizer: { name: 'requestAuthorizer', type: 'request' } } },
        ],
      },
      external: {
        events: [
          {
            http: {
              path: 'y',
              method: 'get',
              authorizer: { name: 'arn:aws:lambda:us-east-1:1:function:auth' },
            },
          },
        ],
      },
      noHttp: { events: [{ sqs: { arn: 'arn' } }] },
      noEvents: {},
    });
    expect(Object.fromEntries(ttls)).toEqual({ authorize: 60, plainAuthorizer: 300 });
  });
});
