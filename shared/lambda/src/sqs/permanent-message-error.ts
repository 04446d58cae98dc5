/**
 * A message that no retry can fix: its body is not JSON, or does not match its schema or event
 * contract. The batch wrappers report it as failed like any other failure (see sqs-records-handler.ts
 * for why) and log it at error level with this reason.
 */
export class PermanentMessageError extends Error {
  override readonly name = 'PermanentMessageError';
}
