import type { MiddlewareObj } from '@middy/core';
import { errorToHttpResponse } from './error-response';

/**
 * Turns any error of the request into the public error response. Registered after CORS and
 * correlation so that, as middy runs `onError` in reverse, those still decorate the error
 * response with their headers.
 */
export const httpErrorHandler = (): MiddlewareObj => ({
  onError: (request) => {
    request.response = errorToHttpResponse(request.error, request.context?.awsRequestId);
  },
});
