import { AwsServiceError } from '../emulators/support/aws-json-server';

/**
 * An error the local bus answers with, in the AWS JSON protocol shape
 * (`{"__type": "ResourceNotFoundException", "message": "..."}`, HTTP 400) so the SDK raises
 * its modelled exception class.
 */
export class EventBridgeApiError extends AwsServiceError {
  constructor(type: string, message: string, statusCode = 400) {
    super(type, message, statusCode);
  }

  /** The exception name, as `__type` carries it. */
  get type(): string {
    return this.code;
  }
}

export const validationError = (message: string) => new EventBridgeApiError('ValidationException', message);
export const notFound = (message: string) => new EventBridgeApiError('ResourceNotFoundException', message);
