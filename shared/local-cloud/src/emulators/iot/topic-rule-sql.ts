import { assertTopicFilter } from './topic-filter';

/** The subset of the AWS IoT SQL (version 2016-03-23) the local rules engine understands. */
export type Expression =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'field'; path: (string | number)[] }
  | { kind: 'call'; name: 'topic' | 'timestamp' | 'clientid'; args: Expression[] }
  | { kind: 'not'; operand: Expression }
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; operator: ComparisonOperator; left: Expression; right: Expression };

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export interface SelectItem {
  expression: Expression;
  /** The key of this value in the rule's output. */
  alias: string;
}

export interface ParsedTopicRule {
  sql: string;
  /** `SELECT *` (possibly with more items): the whole payload is the base of the output. */
  selectAll: boolean;
  items: SelectItem[];
  topicFilter: string;
  where?: Expression;
}

/** A syntax error or an unsupported construct, with the column where it was found. */
export class TopicRuleSqlError extends Error {
  constructor(
    readonly sql: string,
    readonly column: number,
    reason: string,
  ) {
    super(`${reason} at column ${column} of: ${sql}`);
    this.name = 'TopicRuleSqlError';
  }
}

type TokenKind = 'identifier' | 'keyword' | 'number' | 'string' | 'symbol' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  /** Parsed value of number and string tokens; upper-case text of keywords. */
  value?: string | number;
  column: number;
}

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AS', 'AND', 'OR', 'NOT', 'TRUE', 'FALSE', 'NULL']);
const FUNCTIONS: Record<string, { name: 'topic' | 'timestamp' | 'clientid'; arity: number[] }> = {
  topic: { name: 'topic', arity: [0, 1] },
  timestamp: { name: 'timestamp', arity: [0] },
  clientid: { name: 'clientid', arity: [0] },
};
const COMPARISONS = new Set<string>(['=', '<>', '<', '<=', '>', '>=']);
const UNSUPPORTED_SYMBOLS: Record<string, string> = {
  '!=': 'the not-equal operator of AWS IoT SQL is <>, not !=',
  '+': 'arithmetic (+) is not supported by the local rules engine',
  '-': 'arithmetic (-) is not supported by the local rules engine',
  '/': 'arithmetic (/) is not supported by the local rules engine',
  '%': 'arithmetic (%) is not supported by the local rules engine',
  '"': 'double quotes are not supported by the local rules engine; strings use single quotes',
  '`': 'backtick identifiers are not supported by the local rules engine',
};

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const fail = (reason: string, at = index): never => {
    throw new TopicRuleSqlError(sql, at + 1, reason);
  };
  while (index < sql.length) {
    const character = sql[index] as string;
    const column = index + 1;
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    if (/[A-Za-z_]/.test(character)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(index)) as RegExpExecArray;
      const text = match[0];
      const upper = text.toUpperCase();
      tokens.push(
        KEYWORDS.has(upper)
          ? { kind: 'keyword', text, value: upper, column }
          : { kind: 'identifier', text, column },
      );
      index += text.length;
      continue;
    }
    if (/[0-9]/.test(character) || (character === '.' && /[0-9]/.test(sql[index + 1] ?? ''))) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(index)) as RegExpExecArray;
      const text = match[0];
      if (/^[A-Za-z_]/.test(sql.slice(index + text.length)))
        fail(`malformed number "${text}${sql[index + text.length]}"`);
      tokens.push({ kind: 'number', text, value: Number(text), column });
      index += text.length;
      continue;
    }
    if (character === "'") {
      let value = '';
      let cursor = index + 1;
      for (;;) {
        if (cursor >= sql.length) fail('unterminated string literal', index);
        const next = sql[cursor] as string;
        if (next === '\\' && cursor + 1 < sql.length) {
          const escaped = sql[cursor + 1] as string;
          value += { n: '\n', t: '\t', r: '\r' }[escaped] ?? escaped;
          cursor += 2;
          continue;
        }
        if (next === "'") {
          if (sql[cursor + 1] === "'") {
            value += "'";
            cursor += 2;
            continue;
          }
          break;
        }
        value += next;
        cursor += 1;
      }
      tokens.push({ kind: 'string', text: sql.slice(index, cursor + 1), value, column });
      index = cursor + 1;
      continue;
    }
    const two = sql.slice(index, index + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'symbol', text: two, column });
      index += 2;
      continue;
    }
    if (two === '!=') fail(UNSUPPORTED_SYMBOLS['!='] as string);
    if ('=<>(),.[]*-'.includes(character)) {
      tokens.push({ kind: 'symbol', text: character, column });
      index += 1;
      continue;
    }
    fail(UNSUPPORTED_SYMBOLS[character] ?? `unexpected character "${character}"`);
  }
  tokens.push({ kind: 'end', text: '', column: sql.length + 1 });
  return tokens;
}

/**
 * Parses an AWS IoT topic rule statement: `SELECT <*, expressions [AS alias]> FROM '<topic filter>'
 * [WHERE <condition>]`. Expressions are literals (single-quoted strings, numbers, true, false,
 * null), payload fields (`a.b.c`, `a[0]`), `topic()`, `topic(n)`, `timestamp()`, `clientid()`,
 * comparisons (= <> < <= > >=), AND, OR, NOT and parentheses. Anything else is refused with a
 * TopicRuleSqlError naming the construct and the column.
 */
export function parseTopicRuleSql(sql: string): ParsedTopicRule {
  const tokens = tokenize(sql);
  let position = 0;
  const peek = (): Token => tokens[position] as Token;
  const advance = (): Token => tokens[position++] as Token;
  const fail = (reason: string, token: Token = peek()): never => {
    throw new TopicRuleSqlError(sql, token.column, reason);
  };
  const describe = (token: Token) => (token.kind === 'end' ? 'the end of the statement' : `"${token.text}"`);
  const isKeyword = (word: string, token = peek()) => token.kind === 'keyword' && token.value === word;
  const isSymbol = (symbol: string, token = peek()) => token.kind === 'symbol' && token.text === symbol;
  const expectKeyword = (word: string) => {
    if (!isKeyword(word)) fail(`expected ${word} but found ${describe(peek())}`);
    advance();
  };
  const expectSymbol = (symbol: string) => {
    if (!isSymbol(symbol)) fail(`expected "${symbol}" but found ${describe(peek())}`);
    advance();
  };

  const parseOr = (): Expression => {
    let left = parseAnd();
    while (isKeyword('OR')) {
      advance();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expression => {
    let left = parseNot();
    while (isKeyword('AND')) {
      advance();
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): Expression => {
    if (isKeyword('NOT')) {
      advance();
      return { kind: 'not', operand: parseNot() };
    }
    return parseComparison();
  };
  const parseComparison = (): Expression => {
    const left = parsePrimary();
    rejectArithmetic();
    const token = peek();
    if (token.kind === 'symbol' && COMPARISONS.has(token.text)) {
      advance();
      const right = parsePrimary();
      rejectArithmetic();
      const after = peek();
      if (after.kind === 'symbol' && COMPARISONS.has(after.text)) {
        fail('comparisons cannot be chained; combine them with AND', after);
      }
      return { kind: 'compare', operator: token.text as ComparisonOperator, left, right };
    }
    return left;
  };
  const rejectArithmetic = () => {
    const token = peek();
    if (token.kind === 'symbol' && (token.text === '-' || token.text === '*')) {
      fail(`arithmetic (${token.text}) is not supported by the local rules engine`);
    }
  };
  const parsePrimary = (): Expression => {
    const token = peek();
    if (token.kind === 'number') {
      advance();
      return { kind: 'literal', value: token.value as number };
    }
    if (token.kind === 'string') {
      advance();
      return { kind: 'literal', value: token.value as string };
    }
    if (isSymbol('-')) {
      const next = tokens[position + 1] as Token;
      if (next.kind !== 'number') fail(UNSUPPORTED_SYMBOLS['-'] as string);
      advance();
      advance();
      return { kind: 'literal', value: -(next.value as number) };
    }
    if (isKeyword('TRUE') || isKeyword('FALSE')) {
      advance();
      return { kind: 'literal', value: token.value === 'TRUE' };
    }
    if (isKeyword('NULL')) {
      advance();
      return { kind: 'literal', value: null };
    }
    if (isSymbol('(')) {
      advance();
      const inner = parseOr();
      expectSymbol(')');
      return inner;
    }
    if (token.kind === 'identifier') {
      advance();
      if (isSymbol('(')) return parseCall(token);
      const path: (string | number)[] = [token.text];
      for (;;) {
        if (isSymbol('.')) {
          advance();
          const member = peek();
          if (member.kind !== 'identifier' && member.kind !== 'keyword')
            fail(`expected a field name after "." but found ${describe(member)}`);
          advance();
          path.push(member.text);
        } else if (isSymbol('[')) {
          advance();
          const index = peek();
          if (index.kind !== 'number' || !Number.isInteger(index.value) || (index.value as number) < 0) {
            fail(`expected an array index but found ${describe(index)}`);
          }
          advance();
          expectSymbol(']');
          path.push(index.value as number);
        } else {
          return { kind: 'field', path };
        }
      }
    }
    if (token.kind === 'symbol' && token.text === '*') fail('"*" is only allowed as a SELECT item');
    return fail(`expected a value but found ${describe(token)}`);
  };
  const parseCall = (nameToken: Token): Expression => {
    const known = FUNCTIONS[nameToken.text.toLowerCase()];
    if (known === undefined)
      fail(`function ${nameToken.text}() is not supported by the local rules engine`, nameToken);
    const { name, arity } = known as (typeof FUNCTIONS)[string] & {};
    expectSymbol('(');
    const args: Expression[] = [];
    if (!isSymbol(')')) {
      args.push(parseOr());
      while (isSymbol(',')) {
        advance();
        args.push(parseOr());
      }
    }
    expectSymbol(')');
    if (!arity.includes(args.length)) {
      fail(`${name}() takes ${arity.join(' or ')} argument(s), not ${args.length}`, nameToken);
    }
    if (name === 'topic' && args.length === 1) {
      const [argument] = args;
      if (
        argument?.kind !== 'literal' ||
        typeof argument.value !== 'number' ||
        !Number.isInteger(argument.value) ||
        argument.value < 1
      ) {
        fail('topic(n) needs a positive whole number n', nameToken);
      }
    }
    return { kind: 'call', name, args };
  };

  expectKeyword('SELECT');
  let selectAll = false;
  const items: SelectItem[] = [];
  const aliases = new Set<string>();
  do {
    if (items.length > 0 || selectAll) advance();
    if (isSymbol('*')) {
      if (selectAll) fail('"*" is selected twice');
      advance();
      selectAll = true;
      continue;
    }
    const start = peek();
    const expression = parseOr();
    let alias: string | undefined;
    if (isKeyword('AS')) {
      advance();
      const name = peek();
      if (name.kind !== 'identifier') fail(`expected a name after AS but found ${describe(name)}`);
      advance();
      alias = name.text;
    } else if (expression.kind === 'field') {
      alias = String(expression.path.filter((step) => typeof step === 'string').at(-1));
    } else if (expression.kind === 'call') {
      alias = expression.name;
    } else {
      fail('give this SELECT expression a name with AS', start);
    }
    if (aliases.has(alias as string)) fail(`the output name ${alias} is used twice`, start);
    aliases.add(alias as string);
    items.push({ expression, alias: alias as string });
  } while (isSymbol(','));

  expectKeyword('FROM');
  const from = peek();
  if (from.kind !== 'string') fail(`FROM needs a topic filter in single quotes but found ${describe(from)}`);
  advance();
  const topicFilter = from.value as string;
  try {
    assertTopicFilter(topicFilter);
  } catch (error) {
    fail((error as Error).message, from);
  }
  let where: Expression | undefined;
  if (isKeyword('WHERE')) {
    advance();
    where = parseOr();
  }
  if (peek().kind !== 'end') fail(`unexpected ${describe(peek())}`);
  return { sql, selectAll, items, topicFilter, ...(where === undefined ? {} : { where }) };
}
