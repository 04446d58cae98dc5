/** Any AWS SDK v3 client: they all expose their middleware stack. */
interface AnyClient {
  middlewareStack: object;
}

export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
}

/**
 * Answers an AWS SDK v3 client's calls in-process: a middleware at the first step of the stack
 * records the command and returns what `respond` gives (or throws it), so no request leaves the
 * process. The SDK's own command objects and Powertools' provider logic run unchanged.
 */
export const answerCalls = (
  client: AnyClient,
  respond: (command: string, input: Record<string, unknown>) => Record<string, unknown>,
): RecordedCall[] => {
  const calls: RecordedCall[] = [];
  (client.middlewareStack as unknown as { add: (middleware: unknown, options: unknown) => void }).add(
    (_next: unknown, context: { commandName: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        calls.push({ command: context.commandName, input: args.input });
        return { output: { $metadata: {}, ...respond(context.commandName, args.input) }, response: {} };
      },
    { step: 'initialize', name: 'answerCallsInProcess' },
  );
  return calls;
};
