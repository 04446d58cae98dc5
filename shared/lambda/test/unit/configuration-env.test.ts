import { ConfigurationError, requireEnv, secondsFromEnv } from '../../src';

const NAME = 'KIT_TEST_SECONDS';

describe('reading configuration from the environment', () => {
  afterEach(() => delete process.env[NAME]);

  it('takes a whole number of seconds, or the fallback when the variable is unset or empty', () => {
    expect(secondsFromEnv(NAME, 900)).toBe(900);
    process.env[NAME] = '';
    expect(secondsFromEnv(NAME, 900)).toBe(900);
    process.env[NAME] = '600';
    expect(secondsFromEnv(NAME, 900)).toBe(600);
  });

  it.each(['0', '-5', '1.5', 'ten', '9007199254740993'])(
    'refuses %s seconds with a ConfigurationError naming the variable',
    (raw) => {
      process.env[NAME] = raw;
      expect(() => secondsFromEnv(NAME, 900)).toThrow(ConfigurationError);
      expect(() => secondsFromEnv(NAME, 900)).toThrow(
        `${NAME} must be a whole number of seconds >= 1, got "${raw}"`,
      );
    },
  );

  it('names a missing required variable and what it is for', () => {
    expect(() => requireEnv(NAME, 'the test table')).toThrow(
      `Environment variable ${NAME} is not set: the test table`,
    );
    process.env[NAME] = 'orders-test';
    expect(requireEnv(NAME, 'the test table')).toBe('orders-test');
  });
});
