/**
 * A function is deployed without something it needs (an environment variable, a table, a queue).
 * Thrown at invocation time so the failure is loud in logs and alarms instead of silently
 * dropping work.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Reads a required environment variable, naming the variable and its purpose when it is missing. */
export const requireEnv = (name: string, purpose: string): string => {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`Environment variable ${name} is not set: ${purpose}`);
  }
  return value;
};

/**
 * A whole number of seconds, at least 1, from an optional environment variable: `fallback` when it
 * is unset or empty, a ConfigurationError naming the variable when it holds anything else.
 */
export const secondsFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new ConfigurationError(`${name} must be a whole number of seconds >= 1, got "${raw}"`);
  return value;
};
