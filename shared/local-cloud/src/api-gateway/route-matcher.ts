import type { HttpRoute } from './usage-plans';

type Segment = { kind: 'literal'; text: string } | { kind: 'param' } | { kind: 'greedy' };

interface CompiledRoute {
  route: HttpRoute;
  segments: Segment[];
}

export interface RouteMatcherOptions {
  /**
   * Path in front of every route, as serverless-offline serves them: `/local` when it runs
   * without `--noPrependStageInUrl`, plus its `--prefix` if any (`/prefix/local`). Default none.
   */
  pathPrefix?: string;
}

/**
 * Finds the route a request reaches, the way serverless-offline's router (hapi) picks it, since
 * the proxy protects what the upstream will actually run: routes of the request's method first,
 * HEAD falling back to GET, then `ANY` routes; within those the most specific path wins, segment
 * by segment: a literal over a `{param}` over a greedy `{proxy+}` (which, as in serverless-offline,
 * also matches zero segments). Matching is case-sensitive and ignores one trailing slash and the
 * query string. OPTIONS only matches explicit OPTIONS routes: preflights stay with serverless-offline.
 */
export class RouteMatcher {
  private readonly byMethod = new Map<string, CompiledRoute[]>();
  private readonly prefixSegments: string[];

  constructor(routes: readonly HttpRoute[], options: RouteMatcherOptions = {}) {
    for (const route of routes) {
      const list = this.byMethod.get(route.method) ?? [];
      list.push({ route, segments: compileTemplate(route.path) });
      this.byMethod.set(route.method, list);
    }
    this.prefixSegments = splitPath(options.pathPrefix ?? '');
  }

  /** The route that serves `method` + `url` (a request target: path and optional query), if any. */
  match(method: string, url: string): HttpRoute | undefined {
    const segments = this.routeSegments(url);
    if (segments === undefined) return undefined;
    const upper = method.toUpperCase();
    const tables =
      upper === 'HEAD' ? ['HEAD', 'GET', 'ANY'] : upper === 'OPTIONS' ? ['OPTIONS'] : [upper, 'ANY'];
    for (const table of tables) {
      const found = bestMatch(this.byMethod.get(table) ?? [], segments);
      if (found) return found.route;
    }
    return undefined;
  }

  private routeSegments(url: string): string[] | undefined {
    const path = url.split('?', 1)[0] ?? '';
    const segments = splitPath(path);
    const prefix = this.prefixSegments;
    if (prefix.some((segment, index) => segments[index] !== segment)) return undefined;
    return segments.slice(prefix.length);
  }
}

function compileTemplate(path: string): Segment[] {
  return splitPath(path).map((text, index, all): Segment => {
    if (/^\{[^{}]+\+\}$/.test(text) && index === all.length - 1) return { kind: 'greedy' };
    if (/^\{[^{}+]+\}$/.test(text)) return { kind: 'param' };
    return { kind: 'literal', text };
  });
}

/** `/a/b/` -> ['a', 'b']; `/` -> []. Inner empty segments are kept (`/a//b` is not `/a/b`). */
function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

const RANK = { literal: 3, param: 2, greedy: 1 } as const;

function bestMatch(candidates: CompiledRoute[], segments: string[]): CompiledRoute | undefined {
  let best: { compiled: CompiledRoute; ranks: number[] } | undefined;
  for (const compiled of candidates) {
    const ranks = matchRanks(compiled.segments, segments);
    if (ranks && (!best || compareRanks(ranks, best.ranks) > 0)) best = { compiled, ranks };
  }
  return best?.compiled;
}

/**
 * The rank of the template part that consumes each request segment (a greedy part consumes all
 * that remain), plus a last entry that prefers a template without a greedy part; undefined when
 * the template does not match. Every match of one request has the same length, so comparing
 * them entry by entry finds the most specific route.
 */
function matchRanks(template: Segment[], segments: string[]): number[] | undefined {
  const ranks: number[] = [];
  for (let index = 0; index < template.length; index += 1) {
    const part = template[index] as Segment;
    if (part.kind === 'greedy') {
      for (let rest = index; rest < segments.length; rest += 1) ranks.push(RANK.greedy);
      ranks.push(0);
      return ranks;
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    if (part.kind === 'literal' && part.text !== segment) return undefined;
    if (part.kind === 'param' && segment === '') return undefined;
    ranks.push(RANK[part.kind]);
  }
  if (template.length !== segments.length) return undefined;
  ranks.push(1);
  return ranks;
}

function compareRanks(left: number[], right: number[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
