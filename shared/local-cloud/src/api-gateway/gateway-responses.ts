import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * API Gateway's default gateway responses for API keys and usage plans (INVALID_API_KEY 403,
 * THROTTLED 429, QUOTA_EXCEEDED 429), with the bodies and `x-amzn-ErrorType` values API Gateway
 * sends (serverless-offline sends the same 403). API Gateway sends no `Retry-After`; neither do we.
 */
export const GATEWAY_RESPONSES = {
  forbidden: { status: 403, errorType: 'ForbiddenException', message: 'Forbidden' },
  throttled: { status: 429, errorType: 'TooManyRequestsException', message: 'Too Many Requests' },
  quotaExceeded: { status: 429, errorType: 'LimitExceededException', message: 'Limit Exceeded' },
} as const;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

export function sendGatewayResponse(response: ServerResponse, type: GatewayResponseType): void {
  const { status, errorType, message } = GATEWAY_RESPONSES[type];
  const body = JSON.stringify({ message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': errorType,
  });
  response.end(body);
}
