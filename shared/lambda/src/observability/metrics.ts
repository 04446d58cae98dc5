import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** Every Stratus service publishes into one CloudWatch namespace, one dimension per service. */
export const METRICS_NAMESPACE = 'Stratus';

/**
 * The one Metrics instance of the function, writing CloudWatch Embedded Metric Format to stdout
 * (no API call on the hot path). The service dimension comes from POWERTOOLS_SERVICE_NAME;
 * POWERTOOLS_METRICS_NAMESPACE may override the namespace for experiments.
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
});

export { MetricUnit };
