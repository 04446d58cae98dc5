/** One event is larger than a PutEvents call may carry; store the payload elsewhere (S3) and send a reference. */
export class EventTooLargeError extends Error {
  override readonly name = 'EventTooLargeError';
  constructor(
    readonly source: string,
    readonly detailType: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `${source} ${detailType} event is ${sizeBytes} bytes, over the PutEvents limit of ${limitBytes} bytes ` +
        '(Source + DetailType + Detail + Resources + 14 for Time)',
    );
  }
}
