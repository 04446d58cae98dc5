import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import mqtt from 'mqtt';
import type { LocalCloudEndpoints } from '../../src/stack/start-local-cloud';
import type { StackMemory } from '../../src/stack/memory';
import { eventually as eventuallyWithin } from '../../src/testing';

jest.setTimeout(240_000);

const packageDir = path.resolve(__dirname, '../..');
const fixtures = path.join(packageDir, 'test/fixtures/services');
const execFileAsync = promisify(execFile);
const tsx = require.resolve('tsx/cli');
const THINGS_TABLE = 'fixture-stock-local-ThingsTable';
const LAMBDA_CONCURRENCY = 2;

/** Runs one of the package's CLI entry points the way the root npm scripts do (tsx). */
async function cli(script: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [tsx, path.join(packageDir, 'src/cli', script), ...args],
    { cwd: packageDir },
  );
  return stdout.trim();
}

/** The whole stack runs in child processes: give it time, and probe it gently. */
const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) =>
  eventuallyWithin(what, probe, { timeoutMs, intervalMs: 250 });

/** A token signed with a key the local issuer does not know (node:crypto: jose is ESM-only under Jest). */
function forgedToken(issuer: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', kid: 'forged', typ: 'JWT' })}.${encode({ iss: issuer, aud: 'stratus', sub: 'mallory', role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

describe('the local cloud over two fixture services', () => {
  let endpoints: LocalCloudEndpoints;
  let dataDir: string;
  let stack: ChildProcess;
  let stackOutput = '';
  let dynamodb: DynamoDBClient;

  beforeAll(async () => {
    // `npm start` itself, in a child process, on random ports with a fresh data directory.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'local-cloud-e2e-'));
    stack = spawn(
      process.execPath,
      [
        tsx,
        path.join(packageDir, 'src/cli/start.ts'),
        '--random-ports',
        '--fresh',
        '--data-dir',
        dataDir,
        '--service-dir',
        path.join(fixtures, 'fixture-shop'),
        '--service-dir',
        path.join(fixtures, 'fixture-stock'),
        '--lambda-concurrency',
        String(LAMBDA_CONCURRENCY),
      ],
      // Its own process group, so the test can end the whole of it whatever happens.
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    stack.stdout?.on('data', (chunk: Buffer) => (stackOutput += chunk.toString()));
    stack.stderr?.on('data', (chunk: Buffer) => (stackOutput += chunk.toString()));
    const endpointsFile = path.join(dataDir, 'endpoints.json');
    await eventually(
      'npm start to write its endpoints',
      async () => {
        if (stack.exitCode !== null)
          throw new Error(`npm start exited with ${stack.exitCode}:\n${stackOutput}`);
        return existsSync(endpointsFile) ? true : undefined;
      },
      180_000,
    );
    endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as LocalCloudEndpoints;
    // SDK clients in this test reach the emulators through the same variables handlers get.
    for (const [name, value] of Object.entries(endpoints.env)) process.env[name] = value;
    dynamodb = new DynamoDBClient({});
  });

  afterAll(async () => {
    dynamodb?.destroy();
    if (stack.exitCode === null && stack.pid !== undefined) {
      const exited = new Promise((resolve) => stack.once('exit', resolve));
      process.kill(-stack.pid, 'SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const thing = async (id: string) =>
    (await dynamodb.send(new GetItemCommand({ TableName: THINGS_TABLE, Key: { pk: { S: `thing#${id}` } } })))
      .Item;

  it('routes an HTTP call in one service through the bus and a queue to a function of another that writes to DynamoDB', async () => {
    const response = await fetch(`${endpoints.services['fixture-shop']!.url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'widget' }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const item = await eventually('the item written by fixture-stock', () => thing(id));
    expect(item.name).toEqual({ S: 'widget' });
    // The insert goes on through the table's stream to a function whose filter pattern lets it in.
    const seen = await eventually(
      'the stream-triggered function',
      async () =>
        (
          await dynamodb.send(
            new GetItemCommand({ TableName: THINGS_TABLE, Key: { pk: { S: `seen#${id}` } } }),
          )
        ).Item,
    );
    expect(seen.eventName).toEqual({ S: 'INSERT' });
  });

  it('deletes only successful messages of a batch; a reported failure returns and goes to the DLQ after maxReceiveCount', async () => {
    const post = async (body: object) =>
      (await (
        await fetch(`${endpoints.services['fixture-shop']!.url}/things`, {
          method: 'POST',
          body: JSON.stringify(body),
        })
      ).json()) as { id: string };
    const [good, bad] = [await post({ name: 'good' }), await post({ name: 'bad', fail: true })];
    await eventually('the good item', () => thing(good.id));
    const sqs = new SQSClient({});
    try {
      const dlqUrl = `${endpoints.emulators.sqs}/000000000000/fixture-stock-local-things-dlq`;
      const dead = await eventually('the failed message in the DLQ', async () => {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }),
        );
        const match = Messages?.find((message) => message.Body?.includes(bad.id));
        if (match)
          await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: match.ReceiptHandle }));
        return match;
      });
      expect(JSON.parse(dead.Body!)).toMatchObject({ id: bad.id, fail: true });
      expect(await thing(bad.id)).toBeUndefined();
    } finally {
      sqs.destroy();
    }
  });

  it('seeds tables, parameters, secrets and objects from local/seed.json on the first start', async () => {
    expect((await thing('seeded'))?.stock).toEqual({ N: '12' });
    const ssm = new SSMClient({});
    const secrets = new SecretsManagerClient({});
    const s3 = new S3Client({});
    try {
      expect(
        (await ssm.send(new GetParameterCommand({ Name: '/fixture-stock/local/greeting' }))).Parameter?.Value,
      ).toBe('hello from the seed');
      const key = await ssm.send(
        new GetParameterCommand({ Name: '/fixture-stock/local/api-key', WithDecryption: true }),
      );
      expect(key.Parameter).toMatchObject({ Type: 'SecureString', Value: 'not-a-real-key' });
      const secret = await secrets.send(
        new GetSecretValueCommand({ SecretId: 'fixture-stock/local/partner' }),
      );
      expect(JSON.parse(secret.SecretString!)).toEqual({ username: 'demo', password: 'demo-password' });
      const object = await s3.send(
        new GetObjectCommand({ Bucket: 'fixture-stock-local-uploads', Key: 'samples/readme.txt' }),
      );
      expect(await object.Body?.transformToString()).toBe('seeded object');
    } finally {
      ssm.destroy();
      secrets.destroy();
      s3.destroy();
    }
  });

  it('delivers an upload to the function of the s3 event and, as Object Created on the default bus, to a state machine', async () => {
    const s3 = new S3Client({});
    const sfn = new SFNClient({});
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: 'fixture-stock-local-uploads',
          Key: 'incoming/photo 1.jpg',
          Body: 'jpeg bytes',
        }),
      );
      const uploaded = await eventually(
        'the s3-triggered function',
        async () =>
          (
            await dynamodb.send(
              new GetItemCommand({
                TableName: THINGS_TABLE,
                Key: { pk: { S: 'upload#incoming/photo 1.jpg' } },
              }),
            )
          ).Item,
      );
      expect(uploaded.size).toEqual({ N: '10' });
      const audited = await eventually(
        'the state machine task',
        async () =>
          (
            await dynamodb.send(
              new GetItemCommand({
                TableName: THINGS_TABLE,
                Key: { pk: { S: 'audit#incoming/photo 1.jpg' } },
              }),
            )
          ).Item,
      );
      expect(audited.source).toEqual({ S: 'aws.s3' });
      const stateMachineArn =
        'arn:aws:states:us-east-1:000000000000:stateMachine:fixture-stock-local-audit-uploads';
      const executions = await eventually('a finished execution', async () => {
        const { executions } = await sfn.send(
          new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }),
        );
        return executions?.length ? executions : undefined;
      });
      expect(executions.length).toBeGreaterThanOrEqual(1);
    } finally {
      s3.destroy();
      sfn.destroy();
    }
  });

  it('runs IoT topic rules of iot events on MQTT messages and invokes their function with the SELECT output', async () => {
    const client = await mqtt.connectAsync(endpoints.emulators.iot!);
    try {
      await client.publishAsync('devices/boiler-7/telemetry', JSON.stringify({ temperature: 21 }));
      await client.publishAsync('devices/boiler-9/telemetry', JSON.stringify({ temperature: 88 }));
    } finally {
      await client.endAsync();
    }
    const hot = await eventually(
      'the topic rule action',
      async () =>
        (
          await dynamodb.send(
            new GetItemCommand({ TableName: THINGS_TABLE, Key: { pk: { S: 'hot#boiler-9' } } }),
          )
        ).Item,
    );
    expect(hot.temperature).toEqual({ N: '88' });
    expect(
      (
        await dynamodb.send(
          new GetItemCommand({ TableName: THINGS_TABLE, Key: { pk: { S: 'hot#boiler-7' } } }),
        )
      ).Item,
    ).toBeUndefined();
  });

  it('fires a schedule now with `npm run schedule:fire -- <service> <function>`', async () => {
    const output = await cli('schedule-fire.ts', ['fixture-stock', 'tick', '--data-dir', dataDir]);
    const eventId = /event ([0-9a-f-]{36})/.exec(output)?.[1];
    expect(eventId).toBeDefined();
    const item = await eventually(
      'the item the scheduled function wrote',
      async () =>
        (
          await dynamodb.send(
            new GetItemCommand({ TableName: THINGS_TABLE, Key: { pk: { S: `tick#${eventId}` } } }),
          )
        ).Item,
    );
    expect(item.detailType).toEqual({ S: 'Scheduled Event' });
  });

  it('rejects an unknown schedule name with the schedules the service has', async () => {
    await expect(cli('schedule-fire.ts', ['fixture-stock', 'nope', '--data-dir', dataDir])).rejects.toThrow(
      /no schedule 'nope' in service 'fixture-stock' \(schedules: tick\)/,
    );
  });

  it('issues tokens with `npm run token` that an authorizer accepts through the JWKS, and nothing else', async () => {
    const whoami = (token?: string) =>
      fetch(`${endpoints.services['fixture-shop']!.url}/whoami`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const token = await cli('token.ts', ['--sub', 'alice', '--role', 'customer', '--data-dir', dataDir]);
    const accepted = await whoami(token);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ sub: 'alice', role: 'customer' });

    const admin = await cli('token.ts', ['--sub', 'bob', '--role', 'admin', '--data-dir', dataDir]);
    expect(await (await whoami(admin)).json()).toEqual({ sub: 'bob', role: 'admin' });

    expect((await whoami()).status).toBe(401);
    const forged = forgedToken(endpoints.identity.issuer);
    expect((await whoami(forged)).status).toBe(401);
    const expired = await cli('token.ts', [
      '--sub',
      'alice',
      '--role',
      'customer',
      '--ttl=-60',
      '--data-dir',
      dataDir,
    ]);
    expect((await whoami(expired)).status).toBe(401);
  });

  it('runs at most --lambda-concurrency environments per function, and keeps TOKEN authorizer answers for their TTL', async () => {
    const probe = (token: string) =>
      fetch(`${endpoints.services['fixture-shop']!.url}/probe`, { headers: { authorization: token } });
    const authorizerRuns = () => stackOutput.match(/\(λ: probeAuthorizer\) RequestId/g)?.length ?? 0;
    const runsBefore = authorizerRuns();

    const answers = await Promise.all(Array.from({ length: 8 }, () => probe('allow-alice')));
    const bodies = (await Promise.all(
      answers.map(async (answer) => ({ status: answer.status, ...((await answer.json()) as object) })),
    )) as { status: number; threadId: number; principal: string }[];
    expect(bodies.map(({ status, principal }) => ({ status, principal }))).toEqual(
      Array.from({ length: 8 }, () => ({ status: 200, principal: 'alice' })),
    );
    expect(new Set(bodies.map((body) => body.threadId)).size).toBeLessThanOrEqual(LAMBDA_CONCURRENCY);
    // The first request of a token asks the authorizer; the others take its cached answer.
    const runsForAlice = await eventually('the authorizer log lines', async () =>
      authorizerRuns() > runsBefore ? authorizerRuns() - runsBefore : undefined,
    );
    expect(runsForAlice).toBeLessThanOrEqual(LAMBDA_CONCURRENCY);

    // A known token is answered from the cache; a new one asks the authorizer once more.
    expect((await probe('allow-alice')).status).toBe(200);
    expect((await probe('allow-bob')).status).toBe(200);
    await eventually('the authorizer log lines', async () =>
      authorizerRuns() - runsBefore > runsForAlice ? true : undefined,
    );
    expect(authorizerRuns() - runsBefore).toBe(runsForAlice + 1);
    expect((await probe('nobody')).status).toBe(401);
  });

  it('replays archived events of a window with `npm run replay`, filtered by a pattern', async () => {
    const output = await cli('replay.ts', [
      '--since',
      '10m',
      '--pattern',
      '{"source":["fixture.shop"],"detail":{"fail":[true]}}',
      '--data-dir',
      dataDir,
    ]);
    expect(output).toMatch(/^Replayed 1 event\(s\) accepted since \S+ as local-replay-/);
    await expect(cli('replay.ts', ['--since', 'yesterday-ish', '--data-dir', dataDir])).rejects.toThrow(
      /Not a time: yesterday-ish/,
    );
  });

  it('invokes any function of any service through AWS_ENDPOINT_URL_LAMBDA', async () => {
    const lambda = new LambdaClient({});
    try {
      const result = await lambda.send(
        new InvokeCommand({ FunctionName: 'fixture-shop-local-hello', Payload: Buffer.from('{}') }),
      );
      expect(result.FunctionError).toBeUndefined();
      expect(JSON.parse(Buffer.from(result.Payload!).toString())).toEqual({
        statusCode: 200,
        body: 'hello from fixture-shop',
      });
      await expect(lambda.send(new InvokeCommand({ FunctionName: 'no-such-function' }))).rejects.toThrow(
        /Function not found: no-such-function/,
      );
    } finally {
      lambda.destroy();
    }
  });

  it('prints the start-up table and one JSON line per routed event', () => {
    expect(stackOutput).toContain('Stratus local cloud ready in');
    expect(stackOutput).toMatch(/fixture-shop\s+http:\/\/127\.0\.0\.1:\d+/);
    const routes = stackOutput
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: 'eventbridge route',
          source: 'fixture.shop',
          detailType: 'ThingCreated',
          rule: 'fixture-stock-local-ThingCreatedRule',
          outcome: 'delivered',
          latencyMs: expect.any(Number),
        }),
        expect.objectContaining({
          message: 'sqs route',
          source: 'fixture-stock-local-ThingsQueue',
          target: 'fixture-stock-local-recordThing',
          outcome: 'partial-failure',
        }),
        expect.objectContaining({
          message: 'lambda-async route',
          detailType: 'Scheduled Event',
          target: 'fixture-stock-local-tick',
          outcome: 'success',
        }),
      ]),
    );
  });

  it('stops every process it started, Java included, on Ctrl-C', async () => {
    const stats = (await (await fetch(`${endpoints.admin}/_local/stats`)).json()) as StackMemory;
    const children = stats.processes.filter((entry) => entry.pid !== stack.pid);
    expect(children.some((entry) => entry.command.includes('DynamoDBLocal'))).toBe(true);
    expect(
      children.filter(
        (entry) => entry.command.includes('offline-preload.cjs') && !entry.command.startsWith('/bin/sh'),
      ),
    ).toHaveLength(2);
    const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
    stack.kill('SIGINT');
    const code = await exited;
    // On failure, show what npm start printed while stopping.
    expect({ code, output: code === 0 ? '' : stackOutput.split('\n').slice(-40).join('\n') }).toEqual({
      code: 0,
      output: '',
    });
    const isAlive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // esbuild service processes end on their own once their parent's pipe closes: allow a moment.
    const deadline = Date.now() + 5_000;
    let alive = children.filter((entry) => isAlive(entry.pid));
    while (alive.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      alive = alive.filter((entry) => isAlive(entry.pid));
    }
    expect(alive).toEqual([]);
    expect(existsSync(path.join(dataDir, 'endpoints.json'))).toBe(false);
    // The per-stack bundle folders inside the services are removed too.
    const stackPid = stats.processes.find((entry) => entry.command.includes('src/cli/start.ts'))?.pid;
    expect(stackPid).toBeDefined();
    for (const service of ['fixture-shop', 'fixture-stock']) {
      expect(existsSync(path.join(fixtures, service, '.local-cloud', `esbuild-${stackPid}`))).toBe(false);
    }
  });
});
