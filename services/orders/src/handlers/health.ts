import { httpHandler } from '@stratus/lambda';

/**
 * GET /health: public, no I/O. It runs through the same API, the same Lambda wrapper and the same
 * serverless-offline process as the order routes, so it is the no-op baseline of the flash-sale
 * benchmark (the cost of the stack itself).
 */
export const handler = httpHandler({}, async () => ({ status: 'ok', service: 'orders' }));
