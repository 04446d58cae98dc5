import { eventually } from '../../src/testing';

describe('eventually', () => {
  it('returns the first value the probe finds, probing until then', async () => {
    let calls = 0;
    const value = await eventually('the third call', () => (++calls === 3 ? 'found' : undefined), {
      intervalMs: 1,
    });
    expect(value).toBe('found');
    expect(calls).toBe(3);
  });

  it('accepts falsy values other than undefined as found', async () => {
    await expect(eventually('zero', async () => 0)).resolves.toBe(0);
    await expect(eventually('null', () => null)).resolves.toBeNull();
  });

  it('fails naming what it waited for, described at the time of failure', async () => {
    let seen = 0;
    await expect(
      eventually(
        () => `something (seen ${seen})`,
        () => {
          seen++;
          return undefined;
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/^timed out after 30 ms waiting for something \(seen [1-9]\d*\)$/);
  });
});
