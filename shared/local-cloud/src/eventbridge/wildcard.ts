/**
 * EventBridge wildcard values: `*` matches any run of characters (including none), `\*` is a
 * literal asterisk, `\\` a literal backslash. Any other escape, a trailing backslash and two
 * consecutive wildcards are rejected, as the service does.
 */
export type WildcardToken = { kind: 'literal'; text: string } | { kind: 'star' };

export class WildcardSyntaxError extends Error {}

export function parseWildcard(pattern: string): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  let literal = '';
  let previousWasStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (previousWasStar) throw new WildcardSyntaxError(`Consecutive wildcard characters at pos ${i}`);
      if (literal) tokens.push({ kind: 'literal', text: literal });
      literal = '';
      tokens.push({ kind: 'star' });
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\')
        throw new WildcardSyntaxError(`Invalid escape character at pos ${i}`);
      literal += next;
      i++;
      continue;
    }
    literal += ch;
  }
  if (literal) tokens.push({ kind: 'literal', text: literal });
  return tokens;
}

/**
 * Greedy match with backtracking to the last star: O(n*m) in the worst case, no regular
 * expression, so a hostile pattern cannot trigger catastrophic backtracking.
 */
export function matchesWildcard(tokens: readonly WildcardToken[], value: string): boolean {
  let t = 0;
  let pos = 0;
  let starToken = -1;
  let starPos = 0;
  while (pos < value.length || t < tokens.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      starToken = t;
      starPos = pos;
      t++;
      continue;
    }
    if (token?.kind === 'literal' && value.startsWith(token.text, pos)) {
      pos += token.text.length;
      t++;
      continue;
    }
    if (starToken >= 0 && starPos < value.length) {
      starPos++;
      pos = starPos;
      t = starToken + 1;
      continue;
    }
    return false;
  }
  return true;
}
