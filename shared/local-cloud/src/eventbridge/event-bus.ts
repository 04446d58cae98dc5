import { randomUUID } from 'node:crypto';
import type {
  CreateEventBusRequest,
  DeleteEventBusRequest,
  DeleteRuleRequest,
  DescribeEventBusRequest,
  DescribeEventBusResponse,
  DescribeRuleRequest,
  DescribeRuleResponse,
  DisableRuleRequest,
  EnableRuleRequest,
  EventBus,
  ListEventBusesRequest,
  ListRulesRequest,
  ListTargetsByRuleRequest,
  PutEventsRequest,
  PutEventsResultEntry,
  PutRuleRequest,
  PutTargetsRequest,
  PutTargetsResultEntry,
  RemoveTargetsRequest,
  Rule,
  RuleState,
  Target,
  TestEventPatternRequest,
} from '@aws-sdk/client-eventbridge';
import { EventBridgeApiError, notFound, validationError } from './api-error';
import type { EventArchive } from './event-archive';
import { isPlainObject, parseJsonPreservingNumbers } from './json-text';
import { type CompiledPattern, InvalidEventPatternError, compilePattern } from './pattern-compiler';
import { matchesCompiledPattern } from './pattern-matcher';
import {
  type BusEvent,
  MAX_PUT_EVENTS_BYTES,
  MAX_PUT_EVENTS_ENTRIES,
  buildBusEvent,
  entrySize,
  eventTime,
  isRejection,
} from './put-events-entry';
import { type RouteLogger, jsonLinesRouteLogger } from './route-log';
import { isValidScheduleExpression } from './schedule-expression';
import { type RetryTiming, type RuleRef, deliverToTarget } from './target-delivery';
import { TargetInputError, validateTargetInput } from './target-input';
import {
  type TargetInvocation,
  type TargetInvoker,
  UnconfiguredTargetInvoker,
  parseArn,
  targetKind,
} from './target-invoker';

export interface LocalEventBusOptions {
  readonly region?: string;
  readonly accountId?: string;
  /** Delivers to targets; see {@link TargetInvoker}. Event-bus targets on this bus are handled here. */
  readonly invoker?: TargetInvoker;
  /** One call per routed event and target; defaults to JSON lines on stdout. */
  readonly log?: RouteLogger;
  /** Where every accepted event is appended; no archive (and no replay) without it. */
  readonly archive?: EventArchive;
  /** Local retry pacing; AWS's own pacing is minutes, too slow for a laptop. */
  readonly retry?: Partial<RetryTiming>;
  /** Accept `aws.*` sources in PutEvents (AWS refuses them; local emulators may publish them). */
  readonly allowAwsSources?: boolean;
  readonly now?: () => Date;
}

/** Options for {@link LocalEventBus.replay}. */
export interface ReplayRequest {
  readonly since: Date;
  readonly until?: Date;
  /** Only archived events matching this pattern are sent again. */
  readonly pattern?: unknown;
  /** Only events archived from this bus (default: every bus). */
  readonly eventBusName?: string;
  /** Only these rules receive the events (default: every rule of the event's bus). */
  readonly rules?: readonly string[];
  readonly replayName?: string;
}

export interface ReplayResult {
  readonly replayName: string;
  readonly eventsReplayed: number;
}

interface RuleRecord {
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern?: string;
  compiled?: CompiledPattern;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  targets: Map<string, Target>;
}

interface BusRecord {
  name: string;
  arn: string;
  description?: string;
  creationTime: Date;
  lastModifiedTime: Date;
  rules: Map<string, RuleRecord>;
}

const NAME_PATTERN = /^[.\-_A-Za-z0-9]+$/;
const BUS_NAME_PATTERN = /^[/.\-_A-Za-z0-9]+$/;
const MAX_TARGETS_PER_RULE = 5;
const MAX_EVENT_PATTERN_LENGTH = 4096;
const RULE_STATES: readonly string[] = [
  'ENABLED',
  'DISABLED',
  'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
];

function constraint(value: unknown, member: string, rule: string): EventBridgeApiError {
  return validationError(
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${rule}`,
  );
}

function checkName(value: string | undefined, member: string, pattern = NAME_PATTERN, max = 64): string {
  if (!value) throw constraint(value, member, 'Member must not be null');
  if (value.length > max)
    throw constraint(value, member, `Member must have length less than or equal to ${max}`);
  if (!pattern.test(value))
    throw constraint(value, member, `Member must satisfy regular expression pattern: ${pattern.source}`);
  return value;
}

function page<T>(
  items: readonly T[],
  limit: number | undefined,
  nextToken: string | undefined,
): { page: T[]; next?: string } {
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw validationError('The NextToken is not valid.');
  const size = limit ?? 100;
  if (!Number.isInteger(size) || size < 1 || size > 100)
    throw constraint(limit, 'limit', 'Member must have value between 1 and 100');
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length
    ? { page: slice, next: Buffer.from(String(end)).toString('base64') }
    : { page: slice };
}

/**
 * The local EventBridge: event buses, rules and targets, PutEvents with AWS's validation,
 * pattern matching, asynchronous delivery with retries and dead-letter queues, an archive and
 * replay. Its methods take and return the AWS API shapes, so the HTTP server is a thin
 * adapter and in-process callers (the orchestrator) can register rules directly.
 */
export class LocalEventBus {
  readonly region: string;
  readonly accountId: string;
  private readonly buses = new Map<string, BusRecord>();
  private readonly invoker: TargetInvoker;
  private readonly log: RouteLogger;
  private readonly archive?: EventArchive;
  private readonly timing: RetryTiming;
  private readonly allowAwsSources: boolean;
  private readonly now: () => Date;
  private readonly abort = new AbortController();
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(options: LocalEventBusOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.invoker = options.invoker ?? new UnconfiguredTargetInvoker();
    this.log = options.log ?? jsonLinesRouteLogger;
    this.archive = options.archive;
    this.timing = {
      baseDelayMs: options.retry?.baseDelayMs ?? 200,
      maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
    };
    this.allowAwsSources = options.allowAwsSources ?? false;
    this.now = options.now ?? (() => new Date());
    this.addBus('default');
  }

  busArn(name: string): string {
    return `arn:aws:events:${this.region}:${this.accountId}:event-bus/${name}`;
  }

  private ruleArn(busName: string, ruleName: string): string {
    const path = busName === 'default' ? ruleName : `${busName}/${ruleName}`;
    return `arn:aws:events:${this.region}:${this.accountId}:rule/${path}`;
  }

  private addBus(name: string, description?: string): BusRecord {
    const now = this.now();
    const bus: BusRecord = {
      name,
      arn: this.busArn(name),
      creationTime: now,
      lastModifiedTime: now,
      rules: new Map(),
    };
    if (description !== undefined) bus.description = description;
    this.buses.set(name, bus);
    return bus;
  }

  /** Resolves a bus by name or ARN (`undefined` = default). */
  private bus(nameOrArn: string | undefined): BusRecord {
    const name = this.busName(nameOrArn);
    const bus = this.buses.get(name);
    if (!bus) throw notFound(`Event bus ${name} does not exist.`);
    return bus;
  }

  private busName(nameOrArn: string | undefined): string {
    if (!nameOrArn) return 'default';
    if (nameOrArn.startsWith('arn:')) {
      const resource = parseArn(nameOrArn)?.resource ?? '';
      return resource.startsWith('event-bus/') ? resource.slice('event-bus/'.length) : nameOrArn;
    }
    return nameOrArn;
  }

  private rule(bus: BusRecord, name: string | undefined): RuleRecord {
    const rule = name ? bus.rules.get(name) : undefined;
    if (!rule) throw notFound(`Rule ${name} does not exist on EventBus ${bus.name}.`);
    return rule;
  }

  // ---- event buses -------------------------------------------------------------------------

  createEventBus(input: CreateEventBusRequest): { EventBusArn: string } {
    const name = checkName(input.Name, 'name', BUS_NAME_PATTERN, 256);
    if (name === 'default' || name.startsWith('aws.'))
      throw validationError(`Event bus name ${name} is reserved.`);
    if (this.buses.has(name)) {
      throw new EventBridgeApiError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    }
    return { EventBusArn: this.addBus(name, input.Description).arn };
  }

  deleteEventBus(input: DeleteEventBusRequest): Record<string, never> {
    const name = this.busName(input.Name);
    if (name === 'default') throw validationError('Cannot delete event bus default.');
    this.buses.delete(name);
    return {};
  }

  describeEventBus(input: DescribeEventBusRequest = {}): DescribeEventBusResponse {
    const bus = this.bus(input.Name);
    return {
      Name: bus.name,
      Arn: bus.arn,
      ...(bus.description === undefined ? {} : { Description: bus.description }),
      CreationTime: bus.creationTime,
      LastModifiedTime: bus.lastModifiedTime,
    };
  }

  listEventBuses(input: ListEventBusesRequest = {}): { EventBuses: EventBus[]; NextToken?: string } {
    const all = [...this.buses.values()]
      .filter((bus) => !input.NamePrefix || bus.name.startsWith(input.NamePrefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((bus) => ({
        Name: bus.name,
        Arn: bus.arn,
        ...(bus.description === undefined ? {} : { Description: bus.description }),
        CreationTime: bus.creationTime,
        LastModifiedTime: bus.lastModifiedTime,
      }));
    const { page: EventBuses, next } = page(all, input.Limit, input.NextToken);
    return next ? { EventBuses, NextToken: next } : { EventBuses };
  }

  // ---- rules -------------------------------------------------------------------------------

  putRule(input: PutRuleRequest): { RuleArn: string } {
    const name = checkName(input.Name, 'name');
    const bus = this.bus(input.EventBusName);
    if (!input.EventPattern && !input.ScheduleExpression) {
      throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.State !== undefined && !RULE_STATES.includes(input.State)) {
      throw constraint(
        input.State,
        'state',
        `Member must satisfy enum value set: [${RULE_STATES.join(', ')}]`,
      );
    }
    let compiled: CompiledPattern | undefined;
    if (input.EventPattern) {
      if (input.EventPattern.length > MAX_EVENT_PATTERN_LENGTH) {
        throw constraint(
          '...',
          'eventPattern',
          `Member must have length less than or equal to ${MAX_EVENT_PATTERN_LENGTH}`,
        );
      }
      compiled = this.compileOrThrow(input.EventPattern);
    }
    if (input.ScheduleExpression) {
      if (bus.name !== 'default')
        throw validationError('ScheduleExpression is supported only on the default event bus.');
      if (!isValidScheduleExpression(input.ScheduleExpression)) {
        throw validationError('Parameter ScheduleExpression is not valid.');
      }
    }
    // PutRule replaces the rule's settings; its targets stay.
    const existing = bus.rules.get(name);
    const rule: RuleRecord = {
      name,
      arn: this.ruleArn(bus.name, name),
      eventBusName: bus.name,
      state: input.State ?? 'ENABLED',
      targets: existing?.targets ?? new Map(),
    };
    if (input.EventPattern) rule.eventPattern = input.EventPattern;
    if (compiled) rule.compiled = compiled;
    if (input.ScheduleExpression) rule.scheduleExpression = input.ScheduleExpression;
    if (input.Description !== undefined) rule.description = input.Description;
    if (input.RoleArn !== undefined) rule.roleArn = input.RoleArn;
    bus.rules.set(name, rule);
    return { RuleArn: rule.arn };
  }

  private compileOrThrow(pattern: string): CompiledPattern {
    try {
      return compilePattern(pattern);
    } catch (error) {
      if (error instanceof InvalidEventPatternError) {
        throw new EventBridgeApiError('InvalidEventPatternException', error.message);
      }
      throw error;
    }
  }

  private describe(rule: RuleRecord): Rule {
    return {
      Name: rule.name,
      Arn: rule.arn,
      EventBusName: rule.eventBusName,
      State: rule.state,
      ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern }),
      ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression }),
      ...(rule.description === undefined ? {} : { Description: rule.description }),
      ...(rule.roleArn === undefined ? {} : { RoleArn: rule.roleArn }),
    };
  }

  describeRule(input: DescribeRuleRequest): DescribeRuleResponse {
    const bus = this.bus(input.EventBusName);
    return this.describe(this.rule(bus, input.Name));
  }

  enableRule(input: EnableRuleRequest): Record<string, never> {
    this.rule(this.bus(input.EventBusName), input.Name).state = 'ENABLED';
    return {};
  }

  disableRule(input: DisableRuleRequest): Record<string, never> {
    this.rule(this.bus(input.EventBusName), input.Name).state = 'DISABLED';
    return {};
  }

  listRules(input: ListRulesRequest = {}): { Rules: Rule[]; NextToken?: string } {
    const bus = this.bus(input.EventBusName);
    const all = [...bus.rules.values()]
      .filter((rule) => !input.NamePrefix || rule.name.startsWith(input.NamePrefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((rule) => this.describe(rule));
    const { page: Rules, next } = page(all, input.Limit, input.NextToken);
    return next ? { Rules, NextToken: next } : { Rules };
  }

  deleteRule(input: DeleteRuleRequest): Record<string, never> {
    const name = checkName(input.Name, 'name');
    const bus = this.bus(input.EventBusName);
    const rule = bus.rules.get(name);
    if (!rule) return {};
    if (rule.targets.size > 0) throw validationError("Rule can't be deleted since it has targets.");
    bus.rules.delete(name);
    return {};
  }

  /** Scheduled rules (`rate(...)`/`cron(...)`), for whoever runs the clock. */
  listScheduledRules(): Array<{ name: string; arn: string; scheduleExpression: string; state: RuleState }> {
    const bus = this.bus('default');
    return [...bus.rules.values()]
      .filter((rule) => rule.scheduleExpression !== undefined)
      .map((rule) => ({
        name: rule.name,
        arn: rule.arn,
        scheduleExpression: rule.scheduleExpression ?? '',
        state: rule.state,
      }));
  }

  /**
   * What EventBridge does when a scheduled rule comes due: an enabled rule sends its Scheduled
   * Event to its targets; a DISABLED one (PutRule with that State, or DisableRule) sends nothing
   * until EnableRule, and neither does a rule deleted, or no longer scheduled, since. Returns the
   * event's id when the rule fired.
   */
  scheduledRuleDue(name: string): { eventId: string } | undefined {
    const rule = this.bus('default').rules.get(name);
    if (rule?.scheduleExpression === undefined || rule.state === 'DISABLED') return undefined;
    return this.fireScheduledRule(name);
  }

  /**
   * Sends the "Scheduled Event" EventBridge emits for a scheduled rule to that rule's targets, now,
   * whatever the rule's state: a run asked for by hand (`npm run schedule:fire`), which AWS has no
   * equivalent of. The clock goes through `scheduledRuleDue`.
   */
  fireScheduledRule(name: string): { eventId: string } {
    const bus = this.bus('default');
    const rule = this.rule(bus, name);
    if (!rule.scheduleExpression) throw validationError(`Rule ${name} has no ScheduleExpression.`);
    const now = this.now();
    const event: Record<string, unknown> = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: this.accountId,
      time: eventTime(now),
      region: this.region,
      resources: [rule.arn],
      detail: {},
    };
    const busEvent: BusEvent = { event, eventJson: JSON.stringify(event), ingestedAt: now };
    this.track(() => this.deliverToRuleTargets(busEvent, rule));
    return { eventId: String(event.id) };
  }

  // ---- targets -----------------------------------------------------------------------------

  putTargets(input: PutTargetsRequest): { FailedEntryCount: number; FailedEntries: PutTargetsResultEntry[] } {
    const bus = this.bus(input.EventBusName);
    const rule = this.rule(bus, input.Rule);
    const targets = input.Targets ?? [];
    if (targets.length < 1 || targets.length > 10) {
      throw constraint(`[${targets.length} targets]`, 'targets', 'Member must have length between 1 and 10');
    }
    const failed: PutTargetsResultEntry[] = [];
    const accepted: Target[] = [];
    for (const target of targets) {
      checkName(target.Id, 'targets.member.id');
      if (!target.Arn) throw constraint(target.Arn, 'targets.member.arn', 'Member must not be null');
      try {
        validateTargetInput(target);
      } catch (error) {
        if (error instanceof TargetInputError) throw validationError(error.message);
        throw error;
      }
      const problem = this.targetProblem(target);
      if (problem)
        failed.push({ TargetId: target.Id, ErrorCode: 'ValidationException', ErrorMessage: problem });
      else accepted.push(target);
    }
    const ids = new Set([...rule.targets.keys(), ...accepted.map((target) => target.Id)]);
    if (ids.size > MAX_TARGETS_PER_RULE) {
      throw new EventBridgeApiError(
        'LimitExceededException',
        'The requested resource exceeds the maximum number allowed.',
      );
    }
    for (const target of accepted) rule.targets.set(target.Id as string, structuredClone(target));
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  private targetProblem(target: Target): string | undefined {
    const arn = target.Arn ?? '';
    if (!parseArn(arn)) return `Parameter ${arn} is not valid: it is not an ARN.`;
    const policy = target.RetryPolicy;
    const attempts = policy?.MaximumRetryAttempts;
    if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 0 || attempts > 185)) {
      return 'RetryPolicy.MaximumRetryAttempts must be between 0 and 185.';
    }
    const age = policy?.MaximumEventAgeInSeconds;
    if (age !== undefined && (!Number.isInteger(age) || age < 60 || age > 86_400)) {
      return 'RetryPolicy.MaximumEventAgeInSeconds must be between 60 and 86400.';
    }
    const dlq = target.DeadLetterConfig?.Arn;
    if (dlq !== undefined && targetKind(dlq) !== 'sqs')
      return `DeadLetterConfig.Arn ${dlq} is not an SQS queue ARN.`;
    if (targetKind(arn) === 'event-bus') return undefined;
    if (this.invoker.supports && !this.invoker.supports(arn)) {
      return `The local EventBridge cannot deliver to ${arn}: no local service is configured for this kind of target.`;
    }
    return undefined;
  }

  removeTargets(input: RemoveTargetsRequest): {
    FailedEntryCount: number;
    FailedEntries: PutTargetsResultEntry[];
  } {
    const rule = this.rule(this.bus(input.EventBusName), input.Rule);
    for (const id of input.Ids ?? []) rule.targets.delete(id);
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  listTargetsByRule(input: ListTargetsByRuleRequest): { Targets: Target[]; NextToken?: string } {
    const rule = this.rule(this.bus(input.EventBusName), input.Rule);
    const { page: Targets, next } = page(
      [...rule.targets.values()].map((target) => structuredClone(target)),
      input.Limit,
      input.NextToken,
    );
    return next ? { Targets, NextToken: next } : { Targets };
  }

  // ---- events ------------------------------------------------------------------------------

  testEventPattern(input: TestEventPatternRequest): { Result: boolean } {
    if (!input.EventPattern) throw constraint(input.EventPattern, 'eventPattern', 'Member must not be null');
    const compiled = this.compileOrThrow(input.EventPattern);
    let event: unknown;
    try {
      event = parseJsonPreservingNumbers(input.Event ?? '');
    } catch {
      throw validationError('Parameter Event is not valid.');
    }
    // TestEventPattern insists on a complete envelope.
    const mandatory = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];
    if (!isPlainObject(event) || mandatory.some((field) => !(field in event))) {
      throw validationError(
        `Parameter Event is not valid. The event must contain the fields ${mandatory.join(', ')}.`,
      );
    }
    return { Result: matchesCompiledPattern(compiled, { root: event }) };
  }

  /**
   * PutEvents. In-process emulators publishing AWS service events (S3 "Object Created" with
   * source `aws.s3`) pass `{ asAwsService: true }`: AWS refuses `aws.*` sources from callers.
   */
  putEvents(
    input: PutEventsRequest,
    options: { asAwsService?: boolean } = {},
  ): { FailedEntryCount: number; Entries: PutEventsResultEntry[] } {
    const entries = input.Entries ?? [];
    if (entries.length < 1 || entries.length > MAX_PUT_EVENTS_ENTRIES) {
      throw constraint(
        `[${entries.length} entries]`,
        'entries',
        `Member must have length less than or equal to ${MAX_PUT_EVENTS_ENTRIES} and greater than or equal to 1`,
      );
    }
    const totalSize = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
    if (totalSize > MAX_PUT_EVENTS_BYTES)
      throw validationError('Total size of the entries in the request is over the limit.');
    const now = this.now();
    const results: PutEventsResultEntry[] = [];
    const accepted: Array<{ busEvent: BusEvent; bus: BusRecord }> = [];
    for (const entry of entries) {
      const bus = this.buses.get(this.busName(entry.EventBusName));
      if (!bus) {
        results.push({
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Event bus ${this.busName(entry.EventBusName)} does not exist.`,
        });
        continue;
      }
      const built = buildBusEvent(entry, {
        accountId: this.accountId,
        region: this.region,
        now,
        allowAwsSources: this.allowAwsSources || options.asAwsService === true,
      });
      if (isRejection(built)) {
        results.push(built);
        continue;
      }
      results.push({ EventId: String(built.event.id) });
      accepted.push({ busEvent: built, bus });
    }
    for (const { busEvent, bus } of accepted) {
      this.archive?.append(busEvent.ingestedAt, bus.name, busEvent.eventJson);
    }
    // Delivery starts after the caller has its answer, as on AWS.
    if (accepted.length > 0) {
      this.track(
        () =>
          new Promise<void>((resolve) =>
            setImmediate(() => {
              for (const { busEvent, bus } of accepted) this.route(busEvent, bus);
              resolve();
            }),
          ),
      );
    }
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  /**
   * Sends archived events from a time window through routing again, each marked with a
   * `replay-name` field as EventBridge marks replayed events. Replayed events are not archived
   * again. The window is on the time the bus accepted the event.
   */
  async replay(request: ReplayRequest): Promise<ReplayResult> {
    if (!this.archive)
      throw validationError(
        'The local EventBridge was started without a data directory, so it has no archive to replay.',
      );
    const filter =
      request.pattern === undefined
        ? undefined
        : this.compileOrThrow(
            typeof request.pattern === 'string' ? request.pattern : JSON.stringify(request.pattern),
          );
    const onlyBus = request.eventBusName === undefined ? undefined : this.busName(request.eventBusName);
    const replayName = request.replayName ?? `local-replay-${eventTime(this.now()).replace(/[:]/g, '-')}`;
    let eventsReplayed = 0;
    const window = request.until ? { since: request.since, until: request.until } : { since: request.since };
    for await (const archived of this.archive.read(window)) {
      if (onlyBus !== undefined && archived.eventBusName !== onlyBus) continue;
      if (filter && !matchesCompiledPattern(filter, { root: archived.event })) continue;
      const bus = this.buses.get(archived.eventBusName);
      if (!bus) continue;
      const event = { ...archived.event, 'replay-name': replayName };
      const busEvent: BusEvent = { event, eventJson: JSON.stringify(event), ingestedAt: this.now() };
      this.route(busEvent, bus, request.rules);
      eventsReplayed++;
    }
    return { replayName, eventsReplayed };
  }

  private route(busEvent: BusEvent, bus: BusRecord, onlyRules?: readonly string[]): void {
    const prepared = { root: busEvent.event };
    for (const rule of bus.rules.values()) {
      if (rule.state === 'DISABLED' || !rule.compiled) continue;
      if (onlyRules && !onlyRules.includes(rule.name)) continue;
      if (!matchesCompiledPattern(rule.compiled, prepared)) continue;
      this.track(() => this.deliverToRuleTargets(busEvent, rule));
    }
  }

  private async deliverToRuleTargets(busEvent: BusEvent, rule: RuleRecord): Promise<void> {
    const ruleRef: RuleRef = { name: rule.name, arn: rule.arn, eventBusName: rule.eventBusName };
    await Promise.all(
      [...rule.targets.values()].map((target) =>
        deliverToTarget(busEvent, ruleRef, target, {
          invoke: (invocation) => this.invokeTarget(invocation),
          sendToDeadLetterQueue: (letter) => this.invoker.sendToDeadLetterQueue(letter),
          log: this.log,
          now: () => this.now().getTime(),
          timing: this.timing,
          signal: this.abort.signal,
        }),
      ),
    );
  }

  private async invokeTarget(invocation: TargetInvocation): Promise<void> {
    const arn = invocation.target.Arn ?? '';
    if (targetKind(arn) !== 'event-bus') return this.invoker.invoke(invocation);
    // Bus-to-bus: the event enters the target bus as it is, with a new id.
    const bus = this.bus(arn);
    const event = { ...invocation.event, id: randomUUID() };
    const busEvent: BusEvent = { event, eventJson: JSON.stringify(event), ingestedAt: this.now() };
    this.archive?.append(busEvent.ingestedAt, bus.name, busEvent.eventJson);
    this.route(busEvent, bus);
  }

  private track(work: () => Promise<void>): void {
    this.inFlight++;
    void work()
      .catch((error: unknown) => {
        process.stderr.write(`local EventBridge: routing failed unexpectedly: ${String(error)}\n`);
      })
      .finally(() => {
        this.inFlight--;
        if (this.inFlight === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }

  /** Resolves once every accepted event has been delivered, dead-lettered or dropped. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops pending retries, waits (at most `graceMs`) for deliveries under way, and closes the
   * archive. A target that never answers cannot hold the shutdown.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.archive?.close();
  }
}
