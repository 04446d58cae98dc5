/**
 * A JSON number whose source text is not the canonical JavaScript rendering of its value
 * (`300.0`, `3.0e2`, `-0`). EventBridge compares exact numeric values by their text ("300,
 * 300.0 and 3.0e2 are not considered equal"), so the text must survive parsing.
 */
export class JsonNumberLiteral {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}

  /** Serialises back to the original text, so an event leaves the bus as it arrived. */
  toJSON(): unknown {
    return rawJson ? rawJson(this.text) : this.value;
  }
}

// JSON.rawJSON (Node >= 21) is not in the ES2023 lib typings yet.
const rawJson = (JSON as unknown as { rawJSON?: (text: string) => unknown }).rawJSON;

type ReviverContext = { source?: string } | undefined;

/**
 * `JSON.parse` that keeps the source text of numbers written in a non-canonical form.
 * Relies on the reviver's `context.source` (Node >= 21); on older runtimes numbers fall back
 * to their canonical text, which only loses the 300 vs 300.0 distinction.
 */
export function parseJsonPreservingNumbers(text: string): unknown {
  return JSON.parse(text, function revive(
    this: unknown,
    _key: string,
    value: unknown,
    context?: ReviverContext,
  ) {
    if (typeof value === 'number' && context?.source !== undefined && context.source !== String(value)) {
      return new JsonNumberLiteral(context.source, value);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

export function isJsonNumber(value: unknown): value is number | JsonNumberLiteral {
  return typeof value === 'number' || value instanceof JsonNumberLiteral;
}

export function numberValue(value: number | JsonNumberLiteral): number {
  return typeof value === 'number' ? value : value.value;
}

export function numberText(value: number | JsonNumberLiteral): string {
  return typeof value === 'number' ? String(value) : value.text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof JsonNumberLiteral)
  );
}
