import fc from 'fast-check';
import { ParameterStore, SecretStore, normalizeSeed } from '../../../src/emulators/ssm-secrets';
import { AwsServiceError } from '../../../src/emulators/support/aws-json-server';

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AwsServiceError ? error.code : `unexpected ${String(error)}`;
  }
  return undefined;
}

describe('ParameterStore', () => {
  it('versions parameters, refuses silent overwrites and answers selectors', () => {
    const store = new ParameterStore();
    expect(store.putParameter({ name: '/app/x', value: 'one' })).toEqual({ Version: 1, Tier: 'Standard' });
    expect(errorCode(() => store.putParameter({ name: '/app/x', value: 'two' }))).toBe(
      'ParameterAlreadyExists',
    );
    expect(store.putParameter({ name: '/app/x', value: 'two', overwrite: true }).Version).toBe(2);
    expect(store.getParameter('/app/x')).toMatchObject({
      Name: '/app/x',
      Value: 'two',
      Version: 2,
      Type: 'String',
      DataType: 'text',
    });
    expect(store.getParameter('/app/x:1')).toMatchObject({ Value: 'one', Version: 1, Selector: ':1' });
    expect(errorCode(() => store.getParameter('/app/x:9'))).toBe('ParameterVersionNotFound');
    expect(errorCode(() => store.getParameter('/app/x:prod'))).toBe('ValidationException');
    expect(errorCode(() => store.getParameter('/app/missing'))).toBe('ParameterNotFound');
    expect(store.getParameter(store.arn('/app/x')).Value).toBe('two');
  });

  it('hides SecureString values unless WithDecryption is true', () => {
    const store = new ParameterStore();
    store.putParameter({ name: '/app/key', value: 's3cret', type: 'SecureString' });
    const hidden = store.getParameter('/app/key');
    expect(hidden.Type).toBe('SecureString');
    expect(hidden.Value).not.toContain('s3cret');
    expect(store.getParameter('/app/key', true).Value).toBe('s3cret');
  });

  it('lists a path one level deep, or the whole subtree when recursive', () => {
    const store = new ParameterStore();
    for (const name of ['/app/a', '/app/b', '/app/sub/c', '/apple', '/other/d'])
      store.putParameter({ name, value: name });
    const names = (recursive: boolean, path = '/app') =>
      store.getParametersByPath({ path, recursive }).Parameters.map((parameter) => parameter.Name);
    expect(names(false)).toEqual(['/app/a', '/app/b']);
    expect(names(true)).toEqual(['/app/a', '/app/b', '/app/sub/c']);
    expect(names(false, '/app/')).toEqual(['/app/a', '/app/b']);
    expect(names(false, '/')).toEqual(['/apple']);
    expect(errorCode(() => store.getParametersByPath({ path: 'app' }))).toBe('ValidationException');
    expect(errorCode(() => store.getParametersByPath({ path: '/app', maxResults: 11 }))).toBe(
      'ValidationException',
    );
    expect(errorCode(() => store.getParametersByPath({ path: '/app', nextToken: 'garbage' }))).toBe(
      'InvalidNextToken',
    );
  });

  it('pages GetParametersByPath so that every parameter comes exactly once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        (leaves, pageSize) => {
          const store = new ParameterStore();
          for (const leaf of leaves) store.putParameter({ name: `/p/${leaf}`, value: 'v' });
          const seen: string[] = [];
          let token: string | undefined;
          do {
            const page = store.getParametersByPath({
              path: '/p',
              maxResults: pageSize,
              ...(token === undefined ? {} : { nextToken: token }),
            });
            expect(page.Parameters.length).toBeLessThanOrEqual(pageSize);
            seen.push(...page.Parameters.map((parameter) => parameter.Name));
            token = page.NextToken;
          } while (token !== undefined);
          expect(seen.sort()).toEqual(leaves.map((leaf) => `/p/${leaf}`).sort());
        },
      ),
    );
  });

  it('splits GetParameters into found and invalid names, at most ten', () => {
    const store = new ParameterStore();
    store.putParameter({ name: '/a', value: '1' });
    expect(store.getParameters(['/a', '/b', '/a:7'])).toMatchObject({
      Parameters: [{ Name: '/a' }],
      InvalidParameters: ['/b', '/a:7'],
    });
    expect(errorCode(() => store.getParameters(Array.from({ length: 11 }, (_, i) => `/n${i}`)))).toBe(
      'ValidationException',
    );
  });

  it('validates names like SSM', () => {
    const store = new ParameterStore();
    for (const name of ['a/b', '/has space', '/aws/x', 'ssm-thing']) {
      expect(errorCode(() => store.putParameter({ name, value: 'v' }))).toBe('ValidationException');
    }
  });
});

describe('SecretStore', () => {
  it('finds a secret by name, full ARN and partial ARN', () => {
    const store = new SecretStore();
    const { ARN } = store.createSecret('stratus/local/payment', { secretString: '{"apiKey":"k"}' });
    expect(ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:stratus\/local\/payment-[A-Za-z0-9]{6}$/,
    );
    for (const id of ['stratus/local/payment', ARN, ARN.slice(0, -7)]) {
      expect(store.getSecretValue(id).SecretString).toBe('{"apiKey":"k"}');
    }
    expect(errorCode(() => store.getSecretValue('stratus/local/nope'))).toBe('ResourceNotFoundException');
    expect(errorCode(() => store.createSecret('stratus/local/payment', { secretString: 'x' }))).toBe(
      'ResourceExistsException',
    );
  });

  it('moves AWSCURRENT and AWSPREVIOUS on each new version', () => {
    const store = new SecretStore();
    const first = store.createSecret('s', { secretString: 'v1' });
    const second = store.putSecretValue('s', { secretString: 'v2' });
    const third = store.putSecretValue('s', { secretString: 'v3' });
    expect(store.getSecretValue('s')).toMatchObject({
      SecretString: 'v3',
      VersionId: third.VersionId,
      VersionStages: ['AWSCURRENT'],
    });
    expect(store.getSecretValue('s', undefined, 'AWSPREVIOUS')).toMatchObject({
      SecretString: 'v2',
      VersionId: second.VersionId,
    });
    expect(store.getSecretValue('s', first.VersionId).SecretString).toBe('v1');
    expect(store.describeSecret('s').VersionIdsToStages).toEqual({
      [second.VersionId]: ['AWSPREVIOUS'],
      [third.VersionId]: ['AWSCURRENT'],
    });
  });

  it('treats ClientRequestToken as an idempotency key', () => {
    const store = new SecretStore();
    store.createSecret('s', {});
    expect(errorCode(() => store.getSecretValue('s'))).toBe('ResourceNotFoundException');
    const a = store.putSecretValue('s', { secretString: 'v', clientRequestToken: 'token-1' });
    const again = store.putSecretValue('s', { secretString: 'v', clientRequestToken: 'token-1' });
    expect(again.VersionId).toBe(a.VersionId);
    expect(
      errorCode(() => store.putSecretValue('s', { secretString: 'other', clientRequestToken: 'token-1' })),
    ).toBe('ResourceExistsException');
    expect(errorCode(() => store.putSecretValue('s', { secretString: 'x', secretBinary: 'eA==' }))).toBe(
      'InvalidParameterException',
    );
  });
});

describe('normalizeSeed', () => {
  it('reads strings, lists, typed values and JSON secrets', () => {
    expect(
      normalizeSeed({
        parameters: { '/a': 'x', '/b': ['p', 'q'], '/c': { value: 'k', type: 'SecureString' } },
        secrets: { 'app/json': { apiKey: 'k' }, 'app/plain': 'text' },
      }),
    ).toEqual({
      parameters: [
        { name: '/a', value: 'x', type: 'String' },
        { name: '/b', value: 'p,q', type: 'StringList' },
        { name: '/c', value: 'k', type: 'SecureString' },
      ],
      secrets: [
        { name: 'app/json', secretString: '{"apiKey":"k"}' },
        { name: 'app/plain', secretString: 'text' },
      ],
    });
  });

  it('names the file and the entry of a mistake', () => {
    expect(() => normalizeSeed({ parameter: {} }, 'secrets.json')).toThrow(
      'secrets.json: unknown keys parameter',
    );
    expect(() => normalizeSeed({ parameters: { '/a': 3 } }, 'secrets.json')).toThrow(
      'secrets.json: parameter /a must be',
    );
    expect(() => normalizeSeed({ parameters: { '/a': { value: 'x', type: 'Secret' } } }, 'f')).toThrow(
      'f: parameter /a has type Secret',
    );
    expect(() => normalizeSeed({ parameters: { '/a': ['x,y'] } }, 'f')).toThrow(
      'StringList parameter /a needs strings without commas',
    );
  });
});
