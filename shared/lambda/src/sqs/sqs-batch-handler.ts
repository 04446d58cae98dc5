import type { output, ZodType } from 'zod';
import { findCorrelationId } from '../correlation/correlation-id';
import { PermanentMessageError } from './permanent-message-error';
import {
  sqsRecordsHandler,
  type SqsHandlerOptions,
  type SqsLambdaHandler,
  type SqsMessageContext,
} from './sqs-records-handler';

export interface SqsBatchHandlerOptions<
  TSchema extends ZodType | undefined = undefined,
> extends SqsHandlerOptions {
  /** Schema of the JSON body; a body that fails it is a permanent failure. */
  body?: TSchema;
}

export type SqsRecordHandler<TBody> = (body: TBody, message: SqsMessageContext) => Promise<unknown>;

const describeIssues = (issues: readonly { path: PropertyKey[]; message: string }[]): string =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');

const jsonCodec = (schema: ZodType | undefined) => ({
  decode: (record: { body: string }): unknown => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      throw new PermanentMessageError('Message body is not valid JSON');
    }
    if (!schema) return body;
    const result = schema.safeParse(body);
    if (!result.success) {
      throw new PermanentMessageError(
        `Message body failed validation: ${describeIssues(result.error.issues)}`,
      );
    }
    return result.data;
  },
  correlationIdOf: findCorrelationId,
});

/**
 * Consumes an SQS queue whose messages carry JSON, reporting partial batch failures (configure
 * the event with `functionResponseType: ReportBatchItemFailures`). The handler gets each parsed
 * (and, with `body`, validated) body; a throw fails that record only.
 *
 * ```ts
 * export const handler = sqsBatchHandler({ body: PaymentRequest }, async (payment, { logger }) => {
 *   logger.info('charging', { orderId: payment.orderId });
 *   await charge(payment);
 * });
 * ```
 */
export function sqsBatchHandler(
  handler: SqsRecordHandler<unknown>,
  options?: SqsHandlerOptions,
): SqsLambdaHandler;
export function sqsBatchHandler<TSchema extends ZodType>(
  options: SqsBatchHandlerOptions<TSchema> & { body: TSchema },
  handler: SqsRecordHandler<output<TSchema>>,
): SqsLambdaHandler;
export function sqsBatchHandler(
  handlerOrOptions: SqsRecordHandler<unknown> | SqsBatchHandlerOptions<ZodType>,
  optionsOrHandler?: SqsHandlerOptions | SqsRecordHandler<unknown>,
): SqsLambdaHandler {
  const [options, handler] =
    typeof handlerOrOptions === 'function'
      ? [(optionsOrHandler ?? {}) as SqsBatchHandlerOptions<ZodType>, handlerOrOptions]
      : [handlerOrOptions, optionsOrHandler as SqsRecordHandler<unknown>];
  return sqsRecordsHandler(jsonCodec(options.body), handler, options);
}
