import { existsSync } from 'node:fs';
import path from 'node:path';
import { LocalCloudConfigError, LocalCloudConfigErrors } from './config-error';
import type { IntrinsicContext, LocalReference } from './intrinsics';
import { IntrinsicResolutionError, resolveIntrinsics, resolveToString } from './intrinsics';
import {
  DEFAULT_BUS_NAME,
  LOCAL_STAGE,
  busNameFromReference,
  functionNameFromArn,
  localArn,
  parseArn,
  queueNameFromArn,
  stateMachineNameFromArn,
  tableNameFromArn,
} from './local-aws';
import type {
  InputTransformer,
  LocalBucket,
  LocalFunction,
  LocalQueue,
  LocalService,
  LocalStateMachine,
  LocalTable,
  LocalTarget,
  LocalTopicRule,
  S3Trigger,
  ScheduleTarget,
  SqsTrigger,
  TargetDelivery,
} from './local-service';
import type { NamedResource } from './name-resources';
import { STATE_MACHINE_RESOURCE_TYPE, nameResources, stateMachineLogicalId } from './name-resources';
import type { ServerlessConfiguration, ServerlessFunction } from './serverless-configuration';
import { serviceNameOf } from './serverless-configuration';

/** Returns a problem description for an invalid EventBridge pattern, or undefined when it is valid. */
export type PatternValidator = (pattern: unknown) => string | undefined;

export interface DeriveServiceOptions {
  configuration: ServerlessConfiguration;
  /** Absolute path of the service directory (handlers are resolved from it). */
  serviceDir: string;
  /** Absolute path of serverless.yml. Default: `<serviceDir>/serverless.yml`. */
  configFile?: string;
  /** URL the SQS emulator gives a queue name. Default: a placeholder endpoint (for pure derivation). */
  queueUrl?: (queueName: string) => string;
  /** Exports of the other services, for Fn::ImportValue. */
  exports?: ReadonlyMap<string, string>;
  /** The local bus's pattern validator (validatePattern of the eventbridge module). */
  validatePattern?: PatternValidator;
  /** The IoT rules engine's SQL check; returns a problem description or undefined. */
  validateTopicRuleSql?: (sql: string) => string | undefined;
  /** Injected for tests; default fs.existsSync. */
  fileExists?: (file: string) => boolean;
}

const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs'];
const DEFAULT_TIMEOUT_SECONDS = 6;
/** Event kinds serverless-offline runs itself (HTTP) or that only describe the function. */
const OFFLINE_EVENT_KINDS = new Set(['http', 'httpApi']);

/**
 * Derives everything the local cloud creates and runs for one service from its resolved
 * configuration. Pure apart from the handler-file check. All problems are collected and thrown
 * together as LocalCloudConfigErrors, each naming the service, the file and the problem.
 */
export function deriveService(options: DeriveServiceOptions): LocalService {
  return new ServiceDeriver(options).derive();
}

class ServiceDeriver {
  private readonly configuration: ServerlessConfiguration;
  private readonly serviceName: string;
  private readonly stage: string;
  private readonly stackName: string;
  private readonly configFile: string;
  private readonly errors: LocalCloudConfigError[] = [];
  private readonly warnings: string[] = [];
  private readonly functionNames = new Map<string, string>();
  private named = new Map<string, NamedResource>();
  private context!: IntrinsicContext;

  constructor(private readonly options: DeriveServiceOptions) {
    this.configuration = withMergedResources(options.configuration);
    this.serviceName = serviceNameOf(options.configuration);
    this.stage = String(options.configuration.provider.stage ?? LOCAL_STAGE);
    this.stackName = `${this.serviceName}-${this.stage}`;
    this.configFile = options.configFile ?? path.join(options.serviceDir, 'serverless.yml');
  }

  derive(): LocalService {
    for (const [key, definition] of Object.entries(this.configuration.functions ?? {})) {
      const name = definition?.name;
      this.functionNames.set(key, typeof name === 'string' ? name : `${this.stackName}-${key}`);
    }
    try {
      this.named = nameResources({
        configuration: this.configuration,
        stackName: this.stackName,
        functionNames: this.functionNames,
        queueUrl: this.options.queueUrl ?? ((name) => `http://127.0.0.1:9324/000000000000/${name}`),
        exports: this.options.exports ?? new Map(),
      });
    } catch (error) {
      this.fail(describe(error));
    }
    const references = new Map<string, LocalReference>(
      [...this.named].map(([id, entry]) => [id, entry.reference]),
    );
    this.context = { stackName: this.stackName, references, exports: this.options.exports ?? new Map() };

    const service: LocalService = {
      name: this.serviceName,
      dir: this.options.serviceDir,
      configFile: this.configFile,
      stage: this.stage,
      stackName: this.stackName,
      functions: [],
      tables: [],
      queues: [],
      buckets: [],
      eventBuses: [],
      rules: [],
      stateMachines: [],
      topicRules: [],
      schedules: [],
      sqsTriggers: [],
      streamTriggers: [],
      s3Triggers: [],
      timestreamResources: [],
      exports: {},
      warnings: this.warnings,
    };

    this.deriveResources(service);
    for (const [key, definition] of Object.entries(this.configuration.functions ?? {})) {
      if (definition) this.deriveFunction(service, key, definition);
    }
    this.deriveStateMachines(service);
    service.exports = this.deriveExports();

    if (this.errors.length > 0) throw new LocalCloudConfigErrors(this.errors);
    return service;
  }

  // ---------------------------------------------------------------------------------------------
  // resources:

  private deriveResources(service: LocalService): void {
    for (const [logicalId, resource] of Object.entries(this.configuration.resources?.Resources ?? {})) {
      const where = `resources.Resources.${logicalId}`;
      const entry = this.named.get(logicalId);
      const properties = () =>
        this.resolve(resource.Properties ?? {}, `${where}.Properties`) as Record<string, unknown> | undefined;
      switch (resource.Type) {
        case 'AWS::DynamoDB::Table': {
          const resolved = properties();
          if (!resolved || !entry) break;
          const table: LocalTable = {
            logicalId,
            name: entry.name,
            arn: localArn.table(entry.name),
            properties: { ...resolved, TableName: entry.name },
          };
          if (entry.reference.attributes.StreamArn) table.streamArn = entry.reference.attributes.StreamArn;
          service.tables.push(table);
          break;
        }
        case 'AWS::SQS::Queue': {
          const resolved = properties();
          if (!resolved || !entry) break;
          const queue: LocalQueue = {
            logicalId,
            name: entry.name,
            arn: localArn.queue(entry.name),
            fifo: entry.name.endsWith('.fifo'),
            properties: { ...resolved, QueueName: entry.name },
          };
          service.queues.push(queue);
          break;
        }
        case 'AWS::S3::Bucket': {
          const resolved = properties();
          if (!resolved || !entry) break;
          service.buckets.push(this.bucketFromResource(service, logicalId, entry.name, resolved));
          break;
        }
        case 'AWS::Events::EventBus':
          if (entry) service.eventBuses.push({ logicalId, name: entry.name });
          break;
        case 'AWS::Events::Rule':
          this.ruleFromResource(service, logicalId, entry?.name ?? logicalId, resource.Properties ?? {});
          break;
        case STATE_MACHINE_RESOURCE_TYPE:
          this.stateMachineFromResource(
            service,
            logicalId,
            entry?.name ?? logicalId,
            resource.Properties ?? {},
          );
          break;
        case 'AWS::IoT::TopicRule':
          this.topicRuleFromResource(service, logicalId, entry?.name ?? logicalId, resource.Properties ?? {});
          break;
        case 'AWS::Timestream::Database':
        case 'AWS::Timestream::Table': {
          const resolved = properties();
          if (!resolved || !entry) break;
          const nameProperty = resource.Type === 'AWS::Timestream::Database' ? 'DatabaseName' : 'TableName';
          service.timestreamResources.push({
            logicalId,
            type: resource.Type,
            properties: { ...resolved, [nameProperty]: entry.name },
          });
          break;
        }
        case 'AWS::Lambda::EventSourceMapping':
          this.warnings.push(
            `${where}: AWS::Lambda::EventSourceMapping resources are not run locally; use the function's sqs/stream events`,
          );
          break;
        default:
          break;
      }
    }
  }

  private bucketFromResource(
    service: LocalService,
    logicalId: string,
    name: string,
    properties: Record<string, unknown>,
  ): LocalBucket {
    const notification = asRecord(properties.NotificationConfiguration);
    const eventBridge = asRecord(notification?.EventBridgeConfiguration);
    const enabled =
      eventBridge !== undefined &&
      eventBridge.EventBridgeEnabled !== false &&
      eventBridge.EventBridgeEnabled !== 'false';
    const lambdaConfigurations = Array.isArray(notification?.LambdaConfigurations)
      ? notification.LambdaConfigurations
      : [];
    lambdaConfigurations.forEach((raw, index) => {
      const where = `resources.Resources.${logicalId}.Properties.NotificationConfiguration.LambdaConfigurations[${index}]`;
      const configuration = asRecord(raw) ?? {};
      const functionName =
        typeof configuration.Function === 'string' ? functionNameFromArn(configuration.Function) : undefined;
      const functionKey = functionName === undefined ? undefined : this.functionKeyByName(functionName);
      if (functionName === undefined || functionKey === undefined) {
        this.fail(
          `${where}.Function: ${JSON.stringify(configuration.Function)} is not a function of this service`,
        );
        return;
      }
      const trigger: S3Trigger = {
        functionKey,
        functionName,
        bucket: name,
        event: String(configuration.Event ?? 's3:ObjectCreated:*'),
        declaredAt: where,
      };
      const rules = asRecord(asRecord(configuration.Filter)?.S3Key)?.Rules;
      for (const rule of Array.isArray(rules) ? rules : []) {
        const { Name: filterName, Value: value } = asRecord(rule) ?? {};
        if (String(filterName).toLowerCase() === 'prefix') trigger.prefix = String(value);
        if (String(filterName).toLowerCase() === 'suffix') trigger.suffix = String(value);
      }
      service.s3Triggers.push(trigger);
    });
    return { logicalId, name, eventBridgeEnabled: enabled };
  }

  private ruleFromResource(
    service: LocalService,
    logicalId: string,
    name: string,
    rawProperties: Record<string, unknown>,
  ): void {
    const where = `resources.Resources.${logicalId}`;
    const properties = this.resolve(rawProperties, `${where}.Properties`) as
      Record<string, unknown> | undefined;
    if (!properties) return;
    if (properties.State === 'DISABLED') return;
    const busName =
      properties.EventBusName === undefined
        ? DEFAULT_BUS_NAME
        : busNameFromReference(String(properties.EventBusName));
    const targets: LocalTarget[] = [];
    const rawTargets = Array.isArray(properties.Targets) ? properties.Targets : [];
    rawTargets.forEach((raw, index) => {
      const target = asRecord(raw) ?? {};
      const targetWhere = `${where}.Properties.Targets[${index}]`;
      const delivery: TargetDelivery = {};
      if (typeof target.Input === 'string') delivery.input = target.Input;
      if (typeof target.InputPath === 'string') delivery.inputPath = target.InputPath;
      const transformer = asRecord(target.InputTransformer);
      if (transformer) {
        delivery.inputTransformer = {
          inputTemplate: String(transformer.InputTemplate ?? ''),
          ...(transformer.InputPathsMap
            ? { inputPathsMap: transformer.InputPathsMap as Record<string, string> }
            : {}),
        };
      }
      const deadLetter = asRecord(target.DeadLetterConfig)?.Arn;
      if (typeof deadLetter === 'string') delivery.deadLetterQueueArn = deadLetter;
      const retry = asRecord(target.RetryPolicy);
      if (retry)
        delivery.retryPolicy = retryPolicy(retry.MaximumRetryAttempts, retry.MaximumEventAgeInSeconds);
      const groupId = asRecord(target.SqsParameters)?.MessageGroupId;
      const built = this.targetFromArn(
        String(target.Arn),
        String(target.Id ?? `Target${index}`),
        delivery,
        targetWhere,
      );
      if (built) {
        if (built.kind === 'sqs' && typeof groupId === 'string') built.messageGroupId = groupId;
        targets.push(built);
      }
    });
    if (typeof properties.ScheduleExpression === 'string') {
      for (const target of targets) {
        if (target.kind === 'lambda' || target.kind === 'state-machine') {
          service.schedules.push({
            id: name,
            ruleName: name,
            expression: properties.ScheduleExpression,
            enabled: true,
            target: this.scheduleTargetFrom(target),
            declaredAt: where,
          });
        } else {
          this.warnings.push(`${where}: scheduled rules run only function and state machine targets locally`);
        }
      }
    }
    if (properties.EventPattern === undefined) return;
    const pattern = this.pattern(properties.EventPattern, `${where}.Properties.EventPattern`);
    if (pattern) service.rules.push({ name, busName, eventPattern: pattern, targets, declaredAt: where });
  }

  private scheduleTargetFrom(target: LocalTarget): ScheduleTarget {
    const delivery: TargetDelivery = {};
    if (target.input !== undefined) delivery.input = target.input;
    if (target.inputPath !== undefined) delivery.inputPath = target.inputPath;
    if (target.inputTransformer !== undefined) delivery.inputTransformer = target.inputTransformer;
    if (target.kind === 'lambda') {
      return {
        ...delivery,
        kind: 'lambda',
        functionName: target.functionName,
        functionKey: this.functionKeyByName(target.functionName) ?? target.functionName,
      };
    }
    if (target.kind === 'state-machine') {
      return {
        ...delivery,
        kind: 'state-machine',
        stateMachineName: target.stateMachineName,
        arn: target.arn,
      };
    }
    throw new Error(`schedule target ${target.kind} is not supported`);
  }

  /** Turns a target ARN into a local target; an ARN of a kind the local cloud cannot deliver to is an error. */
  private targetFromArn(
    arn: string,
    id: string,
    delivery: TargetDelivery,
    where: string,
  ): LocalTarget | undefined {
    const parsed = parseArn(arn);
    const functionName = functionNameFromArn(arn);
    if (functionName !== undefined)
      return { ...delivery, id, kind: 'lambda', functionName, arn: localArn.function(functionName) };
    const queueName = queueNameFromArn(arn);
    if (queueName !== undefined) return { ...delivery, id, kind: 'sqs', queueName, arn };
    const stateMachineName = stateMachineNameFromArn(arn);
    if (stateMachineName !== undefined)
      return { ...delivery, id, kind: 'state-machine', stateMachineName, arn };
    if (parsed?.service === 'events' && parsed.resource.startsWith('event-bus/')) {
      return { ...delivery, id, kind: 'event-bus', busName: busNameFromReference(arn), arn };
    }
    this.fail(
      `${where}: unknown target ${JSON.stringify(arn)}; local targets are Lambda functions, SQS queues, state machines and event buses`,
    );
    return undefined;
  }

  private stateMachineFromResource(
    service: LocalService,
    logicalId: string,
    name: string,
    rawProperties: Record<string, unknown>,
  ): void {
    const where = `resources.Resources.${logicalId}.Properties`;
    const properties = this.resolve(rawProperties, where) as Record<string, unknown> | undefined;
    if (!properties) return;
    let definition: unknown = properties.Definition;
    if (definition === undefined && typeof properties.DefinitionString === 'string') {
      let text = properties.DefinitionString;
      const substitutions = asRecord(properties.DefinitionSubstitutions) ?? {};
      text = text.replace(/\$\{([^}]+)\}/g, (match, variable: string) =>
        Object.hasOwn(substitutions, variable) ? String(substitutions[variable]) : match,
      );
      try {
        definition = JSON.parse(text);
      } catch (error) {
        this.fail(`${where}.DefinitionString: not JSON (${describe(error)})`);
        return;
      }
    }
    const record = asRecord(definition);
    if (!record) {
      this.fail(`${where}: a state machine needs Definition or DefinitionString`);
      return;
    }
    service.stateMachines.push({ logicalId, name, arn: localArn.stateMachine(name), definition: record });
  }

  private topicRuleFromResource(
    service: LocalService,
    logicalId: string,
    name: string,
    rawProperties: Record<string, unknown>,
  ): void {
    const where = `resources.Resources.${logicalId}.Properties.TopicRulePayload`;
    const properties = this.resolve(rawProperties, `resources.Resources.${logicalId}.Properties`) as
      Record<string, unknown> | undefined;
    const payload = asRecord(properties?.TopicRulePayload);
    if (!payload) return;
    if (payload.RuleDisabled === true || payload.RuleDisabled === 'true') return;
    const actions = Array.isArray(payload.Actions) ? payload.Actions : [];
    actions.forEach((raw, index) => {
      const lambda = asRecord(asRecord(raw)?.Lambda);
      const functionName =
        typeof lambda?.FunctionArn === 'string' ? functionNameFromArn(lambda.FunctionArn) : undefined;
      if (functionName === undefined) {
        this.warnings.push(`${where}.Actions[${index}]: only Lambda actions of topic rules run locally`);
        return;
      }
      service.topicRules.push({ name, sql: String(payload.Sql ?? ''), functionName, declaredAt: where });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // functions:

  private deriveFunction(service: LocalService, key: string, definition: ServerlessFunction): void {
    const where = `functions.${key}`;
    const name = this.functionNames.get(key) as string;
    const handler = definition.handler;
    if (typeof handler !== 'string' || !handler.includes('.')) {
      this.fail(`${where}.handler: expected "path/to/file.exportName", got ${JSON.stringify(handler)}`);
      return;
    }
    const handlerFile = this.handlerFile(key, handler);
    if (handlerFile === undefined) return;

    const environment: Record<string, string> = {};
    for (const [scope, values] of [
      ['provider.environment', this.configuration.provider.environment],
      [`${where}.environment`, definition.environment],
    ] as const) {
      for (const [variable, value] of Object.entries(values ?? {})) {
        if (value === undefined || value === null) continue;
        try {
          environment[variable] = resolveToString(value, this.context, `${scope}.${variable}`);
        } catch (error) {
          this.fail(describe(error));
        }
      }
    }

    const local: LocalFunction = {
      key,
      name,
      arn: localArn.function(name),
      handler,
      handlerFile,
      timeoutSeconds: Number(
        definition.timeout ?? this.configuration.provider.timeout ?? DEFAULT_TIMEOUT_SECONDS,
      ),
      environment,
      httpRoutes: [],
    };
    service.functions.push(local);

    let eventBridgeIndex = 0;
    (definition.events ?? []).forEach((event, index) => {
      const [kind, value] = Object.entries(event ?? {})[0] ?? [];
      const eventWhere = `${where}.events[${index}].${kind}`;
      if (kind === undefined) return;
      if (OFFLINE_EVENT_KINDS.has(kind)) {
        local.httpRoutes.push(httpRoute(value));
        return;
      }
      switch (kind) {
        case 'sqs':
          this.sqsEvent(service, local, value, eventWhere);
          break;
        case 'stream':
          this.streamEvent(service, local, value, eventWhere);
          break;
        case 'schedule':
          this.scheduleEvents(
            service,
            { kind: 'lambda', functionName: name, functionKey: key },
            key,
            value,
            eventWhere,
          );
          break;
        case 'eventBridge':
          eventBridgeIndex += 1;
          this.eventBridgeEvent(service, local, value, eventBridgeIndex, eventWhere);
          break;
        case 'iot':
          this.iotEvent(service, local, value, index, eventWhere);
          break;
        case 's3':
          this.s3Event(service, local, value, eventWhere);
          break;
        default:
          this.warnings.push(`${eventWhere}: '${kind}' events are not run locally`);
      }
    });
  }

  private handlerFile(key: string, handler: string): string | undefined {
    const modulePath = handler.slice(0, handler.lastIndexOf('.'));
    const base = path.resolve(this.options.serviceDir, modulePath);
    const exists = this.options.fileExists ?? existsSync;
    const found = HANDLER_EXTENSIONS.map((extension) => base + extension).find((candidate) =>
      exists(candidate),
    );
    if (found === undefined) {
      const expected = `${path.relative(this.options.serviceDir, base)}{${HANDLER_EXTENSIONS.join(',')}}`;
      this.errors.push(
        new LocalCloudConfigError(
          this.serviceName,
          base + '.ts',
          `handler file of function '${key}' not found (functions.${key}.handler is '${handler}'; looked for ${expected})`,
        ),
      );
    }
    return found;
  }

  private sqsEvent(service: LocalService, fn: LocalFunction, raw: unknown, where: string): void {
    const found = this.arnEvent(raw, where);
    if (found === undefined) return;
    const { event, arn } = found;
    const queueName = queueNameFromArn(arn);
    if (queueName === undefined) {
      this.fail(`${where}.arn: ${JSON.stringify(arn)} is not an SQS queue ARN`);
      return;
    }
    const trigger: SqsTrigger = {
      functionKey: fn.key,
      functionName: fn.name,
      queueName,
      queueArn: arn,
      batchSize: numberOr(event.batchSize, 10),
      maximumBatchingWindowSeconds: numberOr(event.maximumBatchingWindow, 0),
      reportBatchItemFailures: event.functionResponseType === 'ReportBatchItemFailures',
      enabled: event.enabled !== false,
      declaredAt: where,
    };
    if (trigger.batchSize < 1 || trigger.batchSize > 10_000)
      this.fail(`${where}.batchSize: ${trigger.batchSize} is outside 1..10000`);
    if (trigger.batchSize > 10 && trigger.maximumBatchingWindowSeconds === 0) {
      this.fail(`${where}: a batchSize above 10 needs maximumBatchingWindow (AWS refuses it too)`);
    }
    service.sqsTriggers.push(trigger);
  }

  private streamEvent(service: LocalService, fn: LocalFunction, raw: unknown, where: string): void {
    const found = this.arnEvent(raw, where);
    if (found === undefined) return;
    const { event, arn } = found;
    const tableName = tableNameFromArn(arn);
    if (tableName === undefined || (event.type !== undefined && event.type !== 'dynamodb')) {
      this.warnings.push(`${where}: only DynamoDB streams run locally (got ${arn})`);
      return;
    }
    const startingPosition = event.startingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON';
    const filterPatterns = Array.isArray(event.filterPatterns)
      ? (event.filterPatterns as Record<string, unknown>[])
      : [];
    filterPatterns.forEach((pattern, index) => this.pattern(pattern, `${where}.filterPatterns[${index}]`));
    if (event.maximumBatchingWindow !== undefined) {
      // `maximumBatchingWindow` is the sqs event's key; osls's stream schema only has `batchWindow`
      // and leaves the other out of the event source mapping, so it is ignored here too.
      this.warnings.push(
        `${where}.maximumBatchingWindow: not a stream event setting (osls ignores it); use batchWindow`,
      );
    }
    service.streamTriggers.push({
      functionKey: fn.key,
      functionName: fn.name,
      tableName,
      batchSize: numberOr(event.batchSize, 100),
      maximumBatchingWindowSeconds: numberOr(event.batchWindow, 0),
      startingPosition,
      reportBatchItemFailures: event.functionResponseType === 'ReportBatchItemFailures',
      maximumRetryAttempts: numberOr(event.maximumRetryAttempts, -1),
      filterPatterns,
      enabled: event.enabled !== false,
      declaredAt: where,
    });
  }

  private scheduleEvents(
    service: LocalService,
    target: ScheduleTarget,
    ownerKey: string,
    raw: unknown,
    where: string,
  ): void {
    const event = typeof raw === 'string' ? { rate: raw } : (asRecord(this.resolve(raw, where)) ?? {});
    const rates = Array.isArray(event.rate) ? event.rate : [event.rate];
    const delivery = this.delivery(event, where);
    rates.forEach((rate, index) => {
      if (typeof rate !== 'string' || !/^(rate|cron)\(.+\)$/.test(rate.trim())) {
        this.fail(`${where}.rate: expected rate(...) or cron(...), got ${JSON.stringify(rate)}`);
        return;
      }
      const existing = service.schedules.filter((schedule) => schedule.id.split('#')[0] === ownerKey).length;
      const targetName = target.kind === 'lambda' ? target.functionName : target.stateMachineName;
      const ruleName =
        typeof event.name === 'string' && rates.length === 1
          ? event.name
          : `${targetName}-schedule-${existing + 1}`.slice(0, 64);
      service.schedules.push({
        id: existing === 0 ? ownerKey : `${ownerKey}#${existing + 1}`,
        ruleName,
        expression: rate.trim(),
        enabled: event.enabled !== false,
        target: { ...target, ...delivery },
        declaredAt: rates.length > 1 ? `${where}.rate[${index}]` : where,
      });
    });
  }

  private eventBridgeEvent(
    service: LocalService,
    fn: LocalFunction,
    raw: unknown,
    ordinal: number,
    where: string,
  ): void {
    const event = asRecord(this.resolve(raw, where));
    if (!event) return;
    if (event.enabled === false) return;
    const delivery = this.delivery(event, where);
    if (typeof event.deadLetterQueueArn === 'string') delivery.deadLetterQueueArn = event.deadLetterQueueArn;
    const retry = asRecord(event.retryPolicy);
    if (retry) delivery.retryPolicy = retryPolicy(retry.maximumRetryAttempts, retry.maximumEventAge);
    if (typeof event.schedule === 'string') {
      service.schedules.push({
        id: fn.key,
        ruleName: typeof event.name === 'string' ? event.name : `${fn.name}-rule-${ordinal}`.slice(0, 64),
        expression: event.schedule,
        enabled: true,
        target: { ...delivery, kind: 'lambda', functionName: fn.name, functionKey: fn.key },
        declaredAt: where,
      });
    }
    if (event.pattern === undefined) {
      if (event.schedule === undefined)
        this.fail(`${where}: an eventBridge event needs a pattern or a schedule`);
      return;
    }
    const pattern = this.pattern(event.pattern, `${where}.pattern`);
    if (!pattern) return;
    const busName =
      event.eventBus === undefined ? DEFAULT_BUS_NAME : busNameFromReference(String(event.eventBus));
    const name = typeof event.name === 'string' ? event.name : `${fn.name}-rule-${ordinal}`.slice(0, 64);
    service.rules.push({
      name,
      busName,
      eventPattern: pattern,
      targets: [{ ...delivery, id: `${fn.key}Target`, kind: 'lambda', functionName: fn.name, arn: fn.arn }],
      declaredAt: where,
    });
  }

  private iotEvent(
    service: LocalService,
    fn: LocalFunction,
    raw: unknown,
    index: number,
    where: string,
  ): void {
    const event = asRecord(this.resolve(raw, where));
    if (!event || event.enabled === false) return;
    if (typeof event.sql !== 'string' || event.sql.trim() === '') {
      this.fail(
        `${where}.sql: an iot event needs a SQL statement such as "SELECT * FROM 'devices/+/telemetry'"`,
      );
      return;
    }
    const sqlProblem = this.options.validateTopicRuleSql?.(event.sql);
    if (sqlProblem !== undefined) {
      this.fail(`${where}.sql: ${sqlProblem}`);
      return;
    }
    const topicRule: LocalTopicRule = {
      name:
        typeof event.name === 'string'
          ? event.name
          : `${fn.key}IotTopicRule${index + 1}`.replace(/[^a-zA-Z0-9_]/g, '_'),
      sql: event.sql,
      functionName: fn.name,
      declaredAt: where,
    };
    service.topicRules.push(topicRule);
  }

  private s3Event(service: LocalService, fn: LocalFunction, raw: unknown, where: string): void {
    const event = typeof raw === 'string' ? { bucket: raw } : (asRecord(this.resolve(raw, where)) ?? {});
    if (typeof event.bucket !== 'string') {
      this.fail(`${where}.bucket: expected a bucket name`);
      return;
    }
    const trigger: S3Trigger = {
      functionKey: fn.key,
      functionName: fn.name,
      bucket: event.bucket,
      event: typeof event.event === 'string' ? event.event : 's3:ObjectCreated:*',
      declaredAt: where,
    };
    for (const rule of Array.isArray(event.rules) ? event.rules : []) {
      const record = asRecord(rule) ?? {};
      if (typeof record.prefix === 'string') trigger.prefix = record.prefix;
      if (typeof record.suffix === 'string') trigger.suffix = record.suffix;
    }
    service.s3Triggers.push(trigger);
    // Without `existing: true` the framework creates the bucket for the event.
    if (event.existing !== true && !service.buckets.some((bucket) => bucket.name === event.bucket)) {
      service.buckets.push({ name: event.bucket, eventBridgeEnabled: false });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // stepFunctions.stateMachines:

  private deriveStateMachines(service: LocalService): void {
    // serverless-step-functions lets a definition name a function by its key: `Fn::GetAtt: [key, Arn]`.
    const references = new Map(this.context.references);
    for (const [key, name] of this.functionNames) {
      if (!references.has(key))
        references.set(key, { ref: name, attributes: { Arn: localArn.function(name) } });
    }
    const context: IntrinsicContext = { ...this.context, references };

    for (const [key, machine] of Object.entries(this.configuration.stepFunctions?.stateMachines ?? {})) {
      if (!machine) continue;
      const where = `stepFunctions.stateMachines.${key}`;
      const logicalId = stateMachineLogicalId(key, machine);
      const entry = this.named.get(logicalId);
      if (!entry) continue;
      let definition: unknown;
      try {
        const raw =
          typeof machine.definition === 'string' ? JSON.parse(machine.definition) : machine.definition;
        definition = resolveIntrinsics(replacePseudoParameters(raw), context, `${where}.definition`);
      } catch (error) {
        this.fail(describe(error));
        continue;
      }
      const record = asRecord(definition);
      if (!record) {
        this.fail(`${where}.definition: missing`);
        continue;
      }
      const stateMachine: LocalStateMachine = {
        logicalId,
        key,
        name: entry.name,
        arn: entry.reference.ref,
        definition: record,
      };
      service.stateMachines.push(stateMachine);

      const target: ScheduleTarget = {
        kind: 'state-machine',
        stateMachineName: entry.name,
        arn: stateMachine.arn,
      };
      (machine.events ?? []).forEach((event, index) => {
        const [kind, value] = Object.entries(event ?? {})[0] ?? [];
        const eventWhere = `${where}.events[${index}].${kind}`;
        if (kind === 'schedule') {
          this.scheduleEvents(service, target, key, value, eventWhere);
        } else if (kind === 'eventBridge') {
          const resolved = asRecord(this.resolve(value, eventWhere)) ?? {};
          const pattern = this.pattern(resolved.event, `${eventWhere}.event`);
          if (!pattern) return;
          const busName =
            resolved.eventBusName === undefined
              ? DEFAULT_BUS_NAME
              : busNameFromReference(String(resolved.eventBusName));
          service.rules.push({
            name:
              typeof resolved.name === 'string'
                ? resolved.name
                : `${entry.name}-rule-${index + 1}`.slice(0, 64),
            busName,
            eventPattern: pattern,
            targets: [
              {
                ...this.delivery(resolved, eventWhere),
                id: `${key}Target`,
                kind: 'state-machine',
                stateMachineName: entry.name,
                arn: stateMachine.arn,
              },
            ],
            declaredAt: eventWhere,
          });
        } else if (kind !== undefined && !OFFLINE_EVENT_KINDS.has(kind)) {
          this.warnings.push(`${eventWhere}: '${kind}' events of state machines are not run locally`);
        }
      });
    }
  }

  private deriveExports(): Record<string, string> {
    const exports: Record<string, string> = {};
    for (const [outputId, output] of Object.entries(this.configuration.resources?.Outputs ?? {})) {
      if (output?.Export?.Name === undefined) continue;
      try {
        const name = resolveToString(
          output.Export.Name,
          this.context,
          `resources.Outputs.${outputId}.Export.Name`,
        );
        exports[name] = resolveToString(output.Value, this.context, `resources.Outputs.${outputId}.Value`);
      } catch (error) {
        this.warnings.push(`${describe(error)} (export not available locally)`);
      }
    }
    return exports;
  }

  // ---------------------------------------------------------------------------------------------
  // helpers:

  private delivery(event: Record<string, unknown>, where: string): TargetDelivery {
    const delivery: TargetDelivery = {};
    if (event.input !== undefined)
      delivery.input = typeof event.input === 'string' ? event.input : JSON.stringify(event.input);
    if (typeof event.inputPath === 'string') delivery.inputPath = event.inputPath;
    const transformer = asRecord(event.inputTransformer);
    if (transformer) {
      if (typeof transformer.inputTemplate !== 'string') {
        this.fail(`${where}.inputTransformer.inputTemplate: expected a string`);
      } else {
        const result: InputTransformer = { inputTemplate: transformer.inputTemplate };
        if (transformer.inputPathsMap)
          result.inputPathsMap = transformer.inputPathsMap as Record<string, string>;
        delivery.inputTransformer = result;
      }
    }
    return delivery;
  }

  private pattern(raw: unknown, where: string): Record<string, unknown> | undefined {
    let pattern = this.resolve(raw, where);
    if (typeof pattern === 'string') {
      try {
        pattern = JSON.parse(pattern);
      } catch (error) {
        this.fail(`${where}: malformed event pattern, not JSON (${describe(error)})`);
        return undefined;
      }
    }
    const record = asRecord(pattern);
    if (!record) {
      this.fail(`${where}: malformed event pattern, expected an object, got ${JSON.stringify(pattern)}`);
      return undefined;
    }
    const problem = this.options.validatePattern?.(record);
    if (problem !== undefined) {
      this.fail(`${where}: malformed event pattern: ${problem}`);
      return undefined;
    }
    return record;
  }

  private resolve(value: unknown, where: string): unknown {
    try {
      return resolveIntrinsics(value, this.context, where);
    } catch (error) {
      this.fail(describe(error));
      return undefined;
    }
  }

  /**
   * An `sqs` or `stream` event is either an object with `arn` (and settings) or just the ARN, as a
   * string or an `Fn::GetAtt`; the event with its ARN resolved, or undefined after reporting why not.
   */
  private arnEvent(raw: unknown, where: string): { event: Record<string, unknown>; arn: string } | undefined {
    const event =
      typeof raw === 'object' && raw !== null && !('Fn::GetAtt' in raw)
        ? (raw as Record<string, unknown>)
        : { arn: raw };
    const arn = this.resolveString(event.arn, `${where}.arn`);
    return arn === undefined ? undefined : { event, arn };
  }

  private resolveString(value: unknown, where: string): string | undefined {
    try {
      return resolveToString(value, this.context, where);
    } catch (error) {
      this.fail(describe(error));
      return undefined;
    }
  }

  private functionKeyByName(functionName: string): string | undefined {
    for (const [key, name] of this.functionNames) if (name === functionName) return key;
    return undefined;
  }

  private fail(problem: string): void {
    this.errors.push(new LocalCloudConfigError(this.serviceName, this.configFile, problem));
  }
}

/** osls accepts `resources:` as a list of fragments and merges them; do the same. */
function withMergedResources(configuration: ServerlessConfiguration): ServerlessConfiguration {
  const resources: unknown = configuration.resources;
  if (!Array.isArray(resources)) return configuration;
  const merged: NonNullable<ServerlessConfiguration['resources']> = {};
  for (const fragment of resources as Record<string, Record<string, unknown> | undefined>[]) {
    for (const [section, content] of Object.entries(fragment ?? {})) {
      merged[section] = { ...(merged[section] as Record<string, unknown> | undefined), ...content };
    }
  }
  return { ...configuration, resources: merged };
}

function httpRoute(value: unknown): string {
  if (typeof value === 'string') {
    if (value === '*') return 'ANY *';
    const [method, ...rest] = value.trim().split(/\s+/);
    const routePath = rest.join(' ') || '/';
    return `${(method ?? 'ANY').toUpperCase()} ${routePath.startsWith('/') ? routePath : `/${routePath}`}`;
  }
  const record = asRecord(value) ?? {};
  const method = String(record.method ?? 'ANY').toUpperCase();
  const routePath = String(record.path ?? '/');
  return `${method === '*' ? 'ANY' : method} ${routePath.startsWith('/') ? routePath : `/${routePath}`}`;
}

/** serverless-step-functions replaces `#{AWS::Region}`-style pseudo parameters in definitions. */
function replacePseudoParameters(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!/#\{AWS::[A-Za-z]+\}/.test(value)) return value;
    return { 'Fn::Sub': value.replace(/#\{(AWS::[A-Za-z]+)\}/g, (_match, name: string) => `\${${name}}`) };
  }
  if (Array.isArray(value)) return value.map(replacePseudoParameters);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replacePseudoParameters(item)]),
    );
  }
  return value;
}

function retryPolicy(
  attempts: unknown,
  age: unknown,
): { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number } {
  const policy: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number } = {};
  if (attempts !== undefined) policy.maximumRetryAttempts = Number(attempts);
  if (age !== undefined) policy.maximumEventAgeInSeconds = Number(age);
  return policy;
}

function numberOr(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  return Number.isFinite(number) ? number : fallback;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function describe(error: unknown): string {
  if (error instanceof IntrinsicResolutionError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
