import { z } from 'zod';
import { detailSchemaFor, type EventMetadata } from './envelope';
import { isServiceName, type EventSource, type ServiceName } from './service-names';

export interface EventContractDefinition<
  TSource extends EventSource,
  TDetailType extends string,
  TData extends z.ZodObject,
> {
  /** `stratus.<publishing service>` */
  source: TSource;
  /** PascalCase, past tense: what happened (`OrderPlaced`). */
  detailType: TDetailType;
  /** Bumped whenever `data` changes in a way older consumers cannot read. */
  version: number;
  description: string;
  /** Services that subscribe to this event (documentation; the rule check reads the real rules). */
  consumers: readonly ServiceName[];
  /** A strict zod object: unknown keys are refused. */
  data: TData;
  /** At least one; each must parse, and the docs show the first. */
  examples: readonly [z.input<TData>, ...z.input<TData>[]];
}

export interface EventContract<
  TSource extends EventSource = EventSource,
  TDetailType extends string = string,
  TData extends z.ZodObject = z.ZodObject,
> extends Readonly<EventContractDefinition<TSource, TDetailType, TData>> {
  /** The service that publishes this event, read from the source. */
  readonly publisher: ServiceName;
  /** Schema of the whole `detail`: `{ metadata, data }`. */
  readonly detail: ReturnType<typeof detailSchemaFor<TData>>;
  /** `source/detailType/vN`, unique in the catalog. */
  readonly key: string;
}

export type AnyEventContract = EventContract<EventSource, string, z.ZodObject>;

/** What a contract's data looks like once parsed. */
export type EventData<C extends AnyEventContract> = z.output<C['data']>;
/** What a publisher must pass as data for a contract. */
export type EventDataInput<C extends AnyEventContract> = z.input<C['data']>;
/** The `detail` of an EventBridge event for a contract. */
export interface EventDetail<C extends AnyEventContract> {
  metadata: EventMetadata;
  data: EventData<C>;
}

const DETAIL_TYPE_PATTERN = /^[A-Z][A-Za-z0-9]{2,63}$/;

/** Path of the first object schema inside `schema` that lets unknown keys through, if any. */
function findLooseObject(schema: unknown, path = ''): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const node = schema as Record<string, unknown>;
  if ((node.type === 'object' || node.properties !== undefined) && node.additionalProperties !== false) {
    return path || '(root)';
  }
  const children: [unknown, string][] = [];
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
    children.push([child, `${path}.${name}`]);
  }
  if (node.items !== undefined) children.push([node.items, `${path}[]`]);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(node[key])) for (const child of node[key]) children.push([child, path]);
  }
  for (const [child, childPath] of children) {
    const found = findLooseObject(child, childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

export class InvalidContractError extends Error {
  override readonly name = 'InvalidContractError';
}

/**
 * Declares one event. The definition is checked at once so that a broken contract fails where it
 * is written (at import, in every test), not when the first event is published.
 */
export function defineEvent<
  const TSource extends EventSource,
  const TDetailType extends string,
  TData extends z.ZodObject,
>(
  definition: EventContractDefinition<TSource, TDetailType, TData>,
): EventContract<TSource, TDetailType, TData> {
  const { source, detailType, version, data, examples, consumers } = definition;
  const label = `${source} ${detailType}`;
  const publisher = source.slice('stratus.'.length);
  if (!source.startsWith('stratus.') || !isServiceName(publisher)) {
    throw new InvalidContractError(`${label}: source must be stratus.<service> with a known service name`);
  }
  if (!DETAIL_TYPE_PATTERN.test(detailType)) {
    throw new InvalidContractError(`${label}: detailType must be PascalCase letters and digits (3-64)`);
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidContractError(`${label}: version must be a positive integer, got ${version}`);
  }
  if (definition.description.trim().length === 0) {
    throw new InvalidContractError(`${label}: description is required`);
  }
  const unknownConsumer = consumers.find((consumer) => !isServiceName(consumer));
  if (unknownConsumer !== undefined) {
    throw new InvalidContractError(`${label}: unknown consumer service "${unknownConsumer}"`);
  }
  const looseObjectAt = findLooseObject(z.toJSONSchema(data, { target: 'draft-04', io: 'input' }));
  if (looseObjectAt !== undefined) {
    throw new InvalidContractError(
      `${label}: data ${looseObjectAt} must be a z.strictObject (unknown keys refused)`,
    );
  }
  if (examples.length === 0) {
    throw new InvalidContractError(`${label}: at least one example is required`);
  }
  examples.forEach((example, index) => {
    const result = data.safeParse(example);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new InvalidContractError(`${label}: example ${index} does not parse: ${problems.join('; ')}`);
    }
  });
  return Object.freeze({
    ...definition,
    consumers: Object.freeze([...consumers]),
    examples: Object.freeze([...examples]) as unknown as EventContractDefinition<
      TSource,
      TDetailType,
      TData
    >['examples'],
    publisher,
    detail: detailSchemaFor(version, data),
    key: `${source}/${detailType}/v${version}`,
  });
}
