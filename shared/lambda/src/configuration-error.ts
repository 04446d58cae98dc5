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
