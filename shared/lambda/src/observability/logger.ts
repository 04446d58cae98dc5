import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one Logger of the function. Service name, level and sampling come from the standard
 * POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL / POWERTOOLS_LOGGER_SAMPLE_RATE variables.
 * Output is one JSON object per line, which CloudWatch Logs Insights queries by key
 * (`correlation_id`, `function_request_id`, `xray_trace_id`).
 */
export const logger = new Logger();
