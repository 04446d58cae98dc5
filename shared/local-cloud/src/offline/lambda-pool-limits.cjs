'use strict';
/**
 * Two things API Gateway and Lambda do that serverless-offline does not, applied to its function
 * pool by the preload (offline-preload.cjs) before any function is created:
 *
 * 1. A ceiling on execution environments per function. serverless-offline starts another worker
 *    thread (a fresh V8 isolate that loads the whole bundle and warms its code from nothing) for
 *    every invocation that arrives while the function's workers are busy. Fifty simultaneous
 *    requests become fifty isolates: about 4 GB, and most of two cores spent initialising and
 *    interpreting code that each isolate then runs a handful of times. Past the ceiling an
 *    invocation waits, first come first served, for a worker to come free, as it would for
 *    Lambda's reserved concurrency (which throttles instead: locally, waiting is what a developer
 *    wants). Each worker still runs one invocation at a time, so handler code sees exactly the
 *    isolation Lambda gives it.
 * 2. The TOKEN authorizer cache. API Gateway keeps an authorizer's answer for a token for
 *    `resultTtlInSeconds` (300 by default) and evaluates the cached policy against each route it
 *    is asked about; serverless-offline calls the authorizer on every request. Only answers that
 *    carry a policy are kept, and every hit returns a copy, because serverless-offline rewrites
 *    the answer's context in place.
 */

/** A first-come-first-served gate that lets at most `limit` holders in at once. */
function createGate(limit) {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`local-cloud: a function's concurrency limit must be a whole number >= 1, got ${limit}`);
  }
  let inside = 0;
  const waiting = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inside -= 1;
  };
  return {
    acquire() {
      if (inside < limit) {
        inside += 1;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
    get inside() {
      return inside;
    },
    get waiting() {
      return waiting.length;
    },
  };
}

/** Authorizer answers by authorizer and token, each kept for its authorizer's TTL, oldest evicted first. */
function createAuthorizerCache({ ttlSecondsByFunction, maxEntries = 10_000, now = Date.now }) {
  const entries = new Map();
  const keyOf = (functionKey, token) => `${functionKey}\u0000${token}`;
  return {
    ttlSecondsOf(functionKey) {
      return ttlSecondsByFunction.get(functionKey) ?? 0;
    },
    get(functionKey, token) {
      const key = keyOf(functionKey, token);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return structuredClone(entry.answer);
    },
    set(functionKey, token, answer) {
      const ttlSeconds = ttlSecondsByFunction.get(functionKey) ?? 0;
      if (ttlSeconds <= 0 || !isPolicyAnswer(answer)) return;
      const key = keyOf(functionKey, token);
      entries.delete(key);
      entries.set(key, { answer: structuredClone(answer), expiresAt: now() + ttlSeconds * 1000 });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value);
    },
    get size() {
      return entries.size;
    },
  };
}

function isPolicyAnswer(answer) {
  return typeof answer === 'object' && answer !== null && typeof answer.policyDocument === 'object';
}

function tokenOf(event) {
  return event && event.type === 'TOKEN' && typeof event.authorizationToken === 'string'
    ? event.authorizationToken
    : undefined;
}

/**
 * What the pool hands out instead of a LambdaFunction: the same three calls serverless-offline
 * makes (setClientContext, setEvent, runHandler), with the instance chosen only once a place at
 * the gate is free, so the pool never holds more busy instances than the limit.
 */
class GatedInvocation {
  #takeInstance;
  #gate;
  #functionKey;
  #authorizerCache;
  #event;
  #clientContext;
  #clientContextSet = false;

  constructor(takeInstance, gate, functionKey, authorizerCache) {
    this.#takeInstance = takeInstance;
    this.#gate = gate;
    this.#functionKey = functionKey;
    this.#authorizerCache = authorizerCache;
  }

  setEvent(event) {
    this.#event = event;
  }

  setClientContext(clientContext) {
    this.#clientContext = clientContext;
    this.#clientContextSet = true;
  }

  async runHandler() {
    const token =
      this.#authorizerCache.ttlSecondsOf(this.#functionKey) > 0 ? tokenOf(this.#event) : undefined;
    const cached = () =>
      token === undefined ? undefined : this.#authorizerCache.get(this.#functionKey, token);
    const before = cached();
    if (before !== undefined) return before;
    const release = await this.#gate.acquire();
    try {
      // Requests with one token that arrived together waited here while the first was answered.
      const meanwhile = cached();
      if (meanwhile !== undefined) return meanwhile;
      // Taken and started in one synchronous step: runHandler marks the instance BUSY before it
      // yields, so no other invocation can be handed the same instance.
      const instance = this.#takeInstance();
      if (this.#clientContextSet) instance.setClientContext(this.#clientContext);
      instance.setEvent(this.#event);
      const answer = await instance.runHandler();
      if (token !== undefined) this.#authorizerCache.set(this.#functionKey, token, answer);
      return answer;
    } finally {
      release();
    }
  }
}

/**
 * Patches serverless-offline's LambdaFunctionPool class so every function gets a gate of
 * `perFunction` environments and authorizers in `ttlSecondsByFunction` a cache.
 */
function limitLambdaPool(LambdaFunctionPool, { perFunction, ttlSecondsByFunction, now }) {
  const originalGet = LambdaFunctionPool.prototype.get;
  if (typeof originalGet !== 'function') {
    throw new Error(
      'local-cloud: serverless-offline LambdaFunctionPool has no get(); the serverless-offline version is not the one the local cloud supports',
    );
  }
  const gates = new Map();
  const authorizerCache = createAuthorizerCache({ ttlSecondsByFunction, ...(now ? { now } : {}) });
  LambdaFunctionPool.prototype.get = function gatedGet(functionKey, functionDefinition) {
    let gate = gates.get(functionKey);
    if (!gate) {
      gate = createGate(perFunction);
      gates.set(functionKey, gate);
    }
    return new GatedInvocation(
      () => originalGet.call(this, functionKey, functionDefinition),
      gate,
      functionKey,
      authorizerCache,
    );
  };
  return { gates, authorizerCache };
}

/**
 * Authorizer TTLs from a service's resolved functions: API Gateway's default is 300 s, and 0 turns
 * caching off. When endpoints disagree about one authorizer, the shortest TTL wins.
 */
function authorizerTtls(functions) {
  const ttls = new Map();
  for (const definition of Object.values(functions || {})) {
    for (const event of (definition && definition.events) || []) {
      const authorizer = event && event.http && event.http.authorizer;
      if (!authorizer) continue;
      const name = typeof authorizer === 'string' ? authorizer : authorizer.name;
      if (typeof name !== 'string' || name.startsWith('arn:')) continue;
      const type =
        typeof authorizer === 'object' && authorizer.type ? String(authorizer.type).toLowerCase() : 'token';
      if (type !== 'token') continue;
      const configured = typeof authorizer === 'object' ? authorizer.resultTtlInSeconds : undefined;
      const ttl = configured === undefined ? 300 : Number(configured);
      ttls.set(name, Math.min(ttls.get(name) ?? Infinity, Number.isFinite(ttl) ? ttl : 0));
    }
  }
  return ttls;
}

module.exports = { createGate, createAuthorizerCache, limitLambdaPool, authorizerTtls, GatedInvocation };
