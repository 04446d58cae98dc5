import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { fixture } from './fixtures';
import { lambdaContext } from '@stratus/lambda/testing';

export type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface Caller {
  sub: string;
  role: string;
  email?: string;
}

export const ALICE: Caller = { sub: 'alice', role: 'customer' };
export const BOB: Caller = { sub: 'bob', role: 'customer' };
export const OPS: Caller = { sub: 'ops', role: 'admin' };

export interface RequestChanges {
  /** undefined: the fixture's caller; null: no authorizer context at all. */
  caller?: Caller | null;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  pathParameters?: Record<string, string> | null;
  query?: Record<string, string> | null;
}

/** A REST event from a fixture of test/events, changed as a test needs it. */
export function restEvent(name: string, changes: RequestChanges = {}): APIGatewayProxyEvent {
  const event = fixture<APIGatewayProxyEvent>(name);
  if (changes.caller === null) {
    delete (event.requestContext as { authorizer?: unknown }).authorizer;
  } else if (changes.caller !== undefined) {
    (event.requestContext as { authorizer: unknown }).authorizer = {
      principalId: changes.caller.sub,
      sub: changes.caller.sub,
      role: changes.caller.role,
      ...(changes.caller.email === undefined ? {} : { email: changes.caller.email }),
    };
  }
  if (changes.body !== undefined) {
    event.body = typeof changes.body === 'string' ? changes.body : JSON.stringify(changes.body);
  }
  for (const [name, value] of Object.entries(changes.headers ?? {})) {
    if (value === undefined) delete event.headers[name];
    else event.headers[name] = value;
  }
  if (changes.pathParameters !== undefined) {
    event.pathParameters = changes.pathParameters;
    if (changes.pathParameters?.orderId) {
      event.path = event.resource.replace('{orderId}', changes.pathParameters.orderId);
    }
  }
  if (changes.query !== undefined) event.queryStringParameters = changes.query;
  return event;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export async function call<T = Record<string, unknown>>(
  handler: HttpHandler,
  event: APIGatewayProxyEvent,
): Promise<Answer<T>> {
  const result = await handler(event, lambdaContext());
  return {
    status: result.statusCode,
    body: (result.body ? JSON.parse(result.body) : undefined) as T,
    headers: (result.headers ?? {}) as Record<string, unknown>,
  };
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[]; requestId?: string };
}
