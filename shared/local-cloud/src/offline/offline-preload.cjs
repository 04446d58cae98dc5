'use strict';
/**
 * Preloaded (`node --require`) into each `serverless offline start` child that the local cloud
 * starts. It runs once the Serverless Framework (osls) has resolved every variable of
 * serverless.yml and set the function names, right before the plugin lifecycle begins:
 *
 * 1. it POSTs the resolved configuration to the local cloud's handshake URL, so the local cloud
 *    loads osls once per service instead of twice (a separate `serverless print` costs ~2.5 s and
 *    ~350 MB per service on these machines);
 * 2. it applies the answer before serverless-offline reads the configuration: per-function
 *    environment with CloudFormation intrinsics resolved to local values (serverless-offline
 *    itself only renders Fn::Join / Fn::Sub and would hand `[object Object]` to handlers), and
 *    removal of the event kinds the local cloud runs itself (serverless-offline fires `schedule`
 *    events with node-schedule, which reads AWS's day-of-week numbers wrongly and would double-fire).
 *
 * Without STRATUS_OFFLINE_HANDSHAKE_URL (or in a worker thread) it does nothing.
 */
const { isMainThread } = require('node:worker_threads');
const path = require('node:path');
const http = require('node:http');
const fs = require('node:fs');
const { pathToFileURL } = require('node:url');
const { limitLambdaPool, authorizerTtls } = require('./lambda-pool-limits.cjs');

const handshakeUrl = process.env.STRATUS_OFFLINE_HANDSHAKE_URL;

if (isMainThread && handshakeUrl) {
  const pluginManagerPath = require.resolve('serverless/lib/classes/plugin-manager.js', {
    paths: [process.cwd(), __dirname],
  });
  const PluginManager = require(pluginManagerPath);
  const originalRun = PluginManager.prototype.run;
  if (typeof originalRun !== 'function') {
    throw new Error(
      `local-cloud: ${pluginManagerPath} has no run(); the osls version is not the one the local cloud supports`,
    );
  }
  PluginManager.prototype.run = async function runAfterLocalCloudHandshake(commands) {
    if (Array.isArray(commands) && commands[0] === 'offline') {
      const serverless = this.serverless;
      const answer = await post(handshakeUrl, {
        serviceDir: serverless.serviceDir,
        configurationFilename: serverless.configurationFilename
          ? path.resolve(serverless.serviceDir, serverless.configurationFilename)
          : undefined,
        // What `serverless print` shows: the resolved input, with the service's merged view of
        // the parts osls normalises (resources given as a list, function names filled in).
        configuration: {
          ...serverless.configurationInput,
          provider: serverless.service.provider,
          functions: serverless.service.functions,
          resources: serverless.service.resources,
        },
      });
      if (answer.abort) {
        // The local cloud reports the reason itself; exit quietly with a distinct code.
        process.stderr.write(`local-cloud: ${answer.abort}\n`);
        process.exit(78);
      }
      applyOverrides(serverless.service, answer);
      await limitFunctionPool(serverless, answer);
      releaseMemoryWhenIdle();
    }
    return originalRun.call(this, commands);
  };
}

function applyOverrides(service, answer) {
  const drop = new Set(answer.dropEventKinds || []);
  for (const [functionKey, definition] of Object.entries(service.functions || {})) {
    if (!definition) continue;
    if (Array.isArray(definition.events) && drop.size > 0) {
      definition.events = definition.events.filter(
        (event) => !Object.keys(event || {}).some((kind) => drop.has(kind)),
      );
    }
    const environment = answer.functionEnvironment && answer.functionEnvironment[functionKey];
    if (environment) definition.environment = environment;
  }
  if (answer.providerEnvironment) service.provider.environment = answer.providerEnvironment;
  // serverless-offline reads only a flat list of key values; the usage-plan proxy in front of it
  // checks plans and quotas, so both must accept exactly the same keys.
  if (answer.apiKeys)
    service.provider.apiGateway = { ...service.provider.apiGateway, apiKeys: answer.apiKeys };
  if (answer.esbuildOverrides) {
    service.custom = service.custom || {};
    service.custom.esbuild = { ...service.custom.esbuild, ...answer.esbuildOverrides };
  }
}

/**
 * serverless-offline is ESM: importing its pool module by the same real path yields the very
 * class it will instantiate, so the patch is in place before the first function exists.
 */
async function limitFunctionPool(serverless, answer) {
  const offlineSrc = path.dirname(
    require.resolve('serverless-offline', { paths: [serverless.serviceDir, __dirname] }),
  );
  const poolFile = fs.realpathSync(path.join(offlineSrc, 'lambda', 'LambdaFunctionPool.js'));
  const { default: LambdaFunctionPool } = await import(pathToFileURL(poolFile).href);
  limitLambdaPool(LambdaFunctionPool, {
    perFunction: answer.lambdaConcurrency,
    ttlSecondsByFunction: authorizerTtls(serverless.service.functions),
  });
}

/**
 * osls and the first bundling leave ~100 MB of garbage that V8 keeps as resident memory while the
 * process idles; with --expose-gc (set by the local cloud) a full collection after start-up and
 * now and then afterwards gives it back. Timers are unref'd: they never keep the process alive.
 */
function releaseMemoryWhenIdle() {
  if (typeof global.gc !== 'function') return;
  for (const delay of [15_000, 45_000]) setTimeout(() => global.gc(), delay).unref();
  setInterval(() => global.gc(), 300_000).unref();
}

function post(url, body) {
  const payload = JSON.stringify(body, (_key, value) => (typeof value === 'function' ? undefined : value));
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            reject(new Error(`local-cloud handshake answered ${response.statusCode}: ${text}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on('error', (error) =>
      reject(new Error(`local-cloud handshake at ${url} failed: ${error.message}`)),
    );
    request.end(payload);
  });
}
