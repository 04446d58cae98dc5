/**
 * local-aws-sqs 2.0.2 reads only the deprecated `AttributeNames` of ReceiveMessage and ignores
 * `MessageSystemAttributeNames`, which current SDK code uses for ApproximateReceiveCount and
 * friends. This folds the modern list into the old one before the request reaches the library.
 */
export function withModernReceiveParameters(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.MessageSystemAttributeNames)) return body;
  const { MessageSystemAttributeNames: modern, ...rest } = body;
  const existing = Array.isArray(body.AttributeNames) ? (body.AttributeNames as unknown[]) : [];
  return { ...rest, AttributeNames: [...new Set([...existing, ...(modern as unknown[])])] };
}
