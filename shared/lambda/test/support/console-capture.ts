/**
 * Captures what the kit writes through the console (Powertools logs and EMF metrics in dev
 * mode) as parsed JSON objects, and keeps the test output quiet.
 */
export interface Captured {
  lines: Record<string, unknown>[];
  logs(): Record<string, unknown>[];
  metrics(): Record<string, unknown>[];
  restore(): void;
}

export const captureConsole = (): Captured => {
  const lines: Record<string, unknown>[] = [];
  const record = (...args: unknown[]): void => {
    for (const arg of args) {
      if (typeof arg !== 'string') continue;
      try {
        lines.push(JSON.parse(arg) as Record<string, unknown>);
      } catch {
        lines.push({ raw: arg });
      }
    }
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation(record),
  );
  return {
    lines,
    logs: () => lines.filter((line) => 'level' in line),
    metrics: () => lines.filter((line) => '_aws' in line),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
};
