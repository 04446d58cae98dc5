import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { MiddlewareObj, MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';
import { metrics } from './metrics';
import { tracer } from './tracer';

export interface ObservabilityOptions {
  /**
   * Log the incoming event. Off unless this is true or POWERTOOLS_LOGGER_LOG_EVENT=true: events
   * carry personal data and tokens, so turn it on only while debugging.
   */
  logEvent?: boolean;
  /** Record the handler's response on the trace. Off: responses may hold personal data. */
  captureResponse?: boolean;
}

/**
 * Powertools' `logMetrics` middleware, minus one line of noise: it warns "No application metrics
 * to publish" on every invocation that recorded none, which for most invocations of most
 * functions would be one useless log line each. This publishes only when there is something to
 * publish and otherwise just drops per-invocation dimensions and metadata, as publishing would.
 */
export const flushMetrics = (): MiddlewareObj => {
  const flush = (): void => {
    if (metrics.hasStoredMetrics()) {
      metrics.publishStoredMetrics();
      return;
    }
    metrics.clearDimensions();
    metrics.clearMetadata();
  };
  return {
    before: (request) => {
      // Published at once as its own EMF document; a no-op after the first invocation.
      metrics.captureColdStartMetric(request.context?.functionName);
    },
    after: flush,
    onError: flush,
  };
};

/**
 * The Powertools middlewares every handler of the kit runs, in the order they must wrap it:
 * the tracer opens the handler subsegment first and closes it last, the logger gets the Lambda
 * context (request id, cold start, function name) and drops per-invocation keys such as
 * `correlation_id` afterwards, and metrics (with a `ColdStart` metric) are flushed as EMF at the end
 * of every invocation, failed ones included.
 */
export const observability = (options: ObservabilityOptions = {}): MiddlewareObj[] => [
  captureLambdaHandler(tracer, { captureResponse: options.captureResponse ?? false }) as MiddlewareObj,
  injectLambdaContext(logger, {
    resetKeys: true,
    ...(options.logEvent === undefined ? {} : { logEvent: options.logEvent }),
  }) as MiddlewareObj,
  flushMetrics(),
];

/**
 * Wraps a plain handler with logger, tracer and metrics; for functions that need none of the
 * kit's HTTP, SQS or EventBridge wrappers (schedules, authorizers, custom triggers).
 */
export const withObservability = <TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  options: ObservabilityOptions = {},
): MiddyfiedHandler<TEvent, TResult> =>
  middy<TEvent, TResult>(handler).use(observability(options)) as MiddyfiedHandler<TEvent, TResult>;
