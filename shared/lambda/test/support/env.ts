// Runs before every test file, before the kit's singletons are created.
// POWERTOOLS_DEV sends logs and EMF through the global console, where tests capture them;
// metrics stay enabled (POWERTOOLS_DEV alone would disable them) so the cold-start metric is observable.
process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_SERVICE_NAME = 'kit-test';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
// Set by Lambda for on-demand environments; Powertools reports cold starts only when it is.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
delete process.env.DEAD_LETTER_QUEUE_URL;
delete process.env.IDEMPOTENCY_TABLE_NAME;
delete process.env.CORS_ALLOWED_ORIGINS;
