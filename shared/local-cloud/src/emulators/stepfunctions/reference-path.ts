/**
 * Evaluates an ASL reference path (`$.a.b`, `$['a b'].c[0]`, `$$.Execution.Input.x`): the only
 * paths SecondsPath and TimestampPath may hold. Returns undefined when a step is missing.
 */
export function evaluateReferencePath(path: string, input: unknown, context: unknown): unknown {
  let rest: string;
  let current: unknown;
  if (path.startsWith('$$')) {
    current = context;
    rest = path.slice(2);
  } else if (path.startsWith('$')) {
    current = input;
    rest = path.slice(1);
  } else {
    throw new Error(`not a reference path: ${path}`);
  }
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\])/;
  while (rest.length > 0) {
    const match = step.exec(rest);
    if (match === null) throw new Error(`unsupported reference path syntax at "${rest}" in ${path}`);
    rest = rest.slice(match[0].length);
    if (current === null || typeof current !== 'object') return undefined;
    if (match[4] !== undefined) {
      current = Array.isArray(current) ? current[Number(match[4])] : undefined;
    } else {
      const key = match[1] ?? (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
      current = Array.isArray(current) ? undefined : (current as Record<string, unknown>)[key];
    }
  }
  return current;
}
