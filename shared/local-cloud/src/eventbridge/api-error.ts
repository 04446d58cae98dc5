/**
 * An error the local bus answers with, in the AWS JSON protocol shape
 * (`{"__type": "ResourceNotFoundException", "message": "..."}`, HTTP 400) so the SDK raises
 * its modelled exception class.
 */
export class EventBridgeApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const validationError = (message: string) => new EventBridgeApiError('ValidationException', message);
export const notFound = (message: string) => new EventBridgeApiError('ResourceNotFoundException', message);
