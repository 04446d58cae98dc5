// Runs before every test file, before the kit's Powertools singletons are created.
// POWERTOOLS_DEV writes logs and EMF metrics through the console, where tests can read them;
// metrics stay enabled (POWERTOOLS_DEV alone would disable them).
process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_SERVICE_NAME = 'orders';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'Stratus';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
