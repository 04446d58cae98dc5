import { RouteMatcher } from '../../../src/api-gateway/route-matcher';
import type { HttpRoute } from '../../../src/api-gateway/usage-plans';

const route = (method: string, path: string, isPrivate = true): HttpRoute => ({
  method,
  path,
  private: isPrivate,
  functionKey: `${method} ${path}`,
});

const routes = [
  route('POST', '/orders'),
  route('GET', '/orders'),
  route('GET', '/orders/{orderId}'),
  route('GET', '/orders/export', false),
  route('POST', '/orders/{orderId}/cancel'),
  route('ANY', '/orders/{orderId}/notes'),
  route('GET', '/files/{path+}', false),
  route('GET', '/files/public/{name}'),
  route('GET', '/', false),
];

const matched = (matcher: RouteMatcher, method: string, url: string) =>
  matcher.match(method, url)?.functionKey;

describe('RouteMatcher', () => {
  const matcher = new RouteMatcher(routes);

  it('matches path parameters, one segment each, never empty', () => {
    expect(matched(matcher, 'GET', '/orders/o-123')).toBe('GET /orders/{orderId}');
    expect(matched(matcher, 'POST', '/orders/o-123/cancel')).toBe('POST /orders/{orderId}/cancel');
    expect(matched(matcher, 'GET', '/orders/o-1/extra/deep')).toBeUndefined();
    expect(matched(matcher, 'POST', '/orders//cancel')).toBeUndefined();
  });

  it('prefers a literal segment over a parameter over a greedy parameter', () => {
    expect(matched(matcher, 'GET', '/orders/export')).toBe('GET /orders/export');
    expect(matched(matcher, 'GET', '/files/public/logo.png')).toBe('GET /files/public/{name}');
    expect(matched(matcher, 'GET', '/files/public/a/b.png')).toBe('GET /files/{path+}');
    expect(matched(matcher, 'GET', '/files/x')).toBe('GET /files/{path+}');
  });

  it('lets a greedy parameter match zero segments, as serverless-offline does, but not beat an exact route', () => {
    const withExact = new RouteMatcher([route('GET', '/files/{path+}'), route('GET', '/files', false)]);
    expect(matched(withExact, 'GET', '/files')).toBe('GET /files');
    expect(matched(new RouteMatcher([route('GET', '/files/{path+}')]), 'GET', '/files')).toBe(
      'GET /files/{path+}',
    );
  });

  it('tries the request method before ANY, HEAD falls back to GET, OPTIONS only matches OPTIONS routes', () => {
    expect(matched(matcher, 'DELETE', '/orders/o-1/notes')).toBe('ANY /orders/{orderId}/notes');
    expect(matched(matcher, 'delete', '/orders/o-1')).toBeUndefined();
    expect(matched(matcher, 'HEAD', '/orders/o-1')).toBe('GET /orders/{orderId}');
    expect(matched(matcher, 'OPTIONS', '/orders/o-1/notes')).toBeUndefined();
    const method = new RouteMatcher([
      route('ANY', '/a/{x}'),
      route('GET', '/a/{x}/{y}'),
      route('GET', '/{p+}', false),
    ]);
    // A route of the request's method wins over ANY even when ANY's path is more specific.
    expect(matched(method, 'GET', '/a/b')).toBe('GET /{p+}');
    expect(matched(method, 'POST', '/a/b')).toBe('ANY /a/{x}');
  });

  it('ignores the query string and one trailing slash, and is case-sensitive', () => {
    expect(matched(matcher, 'GET', '/orders/o-1/?verbose=1')).toBe('GET /orders/{orderId}');
    expect(matched(matcher, 'GET', '/?a=b')).toBe('GET /');
    expect(matched(matcher, 'POST', '/Orders')).toBeUndefined();
  });

  it('strips the stage prefix serverless-offline puts before every route', () => {
    const staged = new RouteMatcher(routes, { pathPrefix: '/local' });
    expect(matched(staged, 'POST', '/local/orders')).toBe('POST /orders');
    expect(matched(staged, 'GET', '/local/')).toBe('GET /');
    expect(matched(staged, 'POST', '/orders')).toBeUndefined();
    expect(matched(staged, 'POST', '/dev/orders')).toBeUndefined();
  });
});
