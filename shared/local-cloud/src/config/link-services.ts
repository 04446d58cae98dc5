import { LocalCloudConfigError, LocalCloudConfigErrors } from './config-error';
import { DEFAULT_BUS_NAME, LOCAL_BUS_NAME, queueNameFromArn } from './local-aws';
import type {
  LocalFunction,
  LocalQueue,
  LocalService,
  LocalStateMachine,
  LocalTable,
  LocalTarget,
} from './local-service';

/** Every service's derived model, with the cross-service lookups the runtime needs. */
export interface LocalCloudPlan {
  services: LocalService[];
  functionsByName: Map<string, { service: LocalService; fn: LocalFunction }>;
  queuesByName: Map<string, { service: LocalService; queue: LocalQueue }>;
  tablesByName: Map<string, { service: LocalService; table: LocalTable }>;
  stateMachinesByName: Map<string, { service: LocalService; stateMachine: LocalStateMachine }>;
  bucketNames: Set<string>;
  /** `default`, `stratus-local` and every bus a service declares. */
  busNames: Set<string>;
}

/**
 * Checks what services refer to across each other (rule targets, queues of SQS triggers, tables of
 * stream triggers, buckets of S3 triggers, dead-letter queues) and that names are unique, then
 * builds the lookups. Throws LocalCloudConfigErrors with every problem found.
 */
export function linkServices(services: LocalService[]): LocalCloudPlan {
  const errors: LocalCloudConfigError[] = [];
  const fail = (service: LocalService, problem: string) =>
    errors.push(new LocalCloudConfigError(service.name, service.configFile, problem));

  const plan: LocalCloudPlan = {
    services,
    functionsByName: new Map(),
    queuesByName: new Map(),
    tablesByName: new Map(),
    stateMachinesByName: new Map(),
    bucketNames: new Set(),
    busNames: new Set([DEFAULT_BUS_NAME, LOCAL_BUS_NAME]),
  };

  const seenServices = new Map<string, LocalService>();
  for (const service of services) {
    const previous = seenServices.get(service.name);
    if (previous) fail(service, `service name '${service.name}' is also used by ${previous.configFile}`);
    seenServices.set(service.name, service);
    for (const fn of service.functions) {
      const other = plan.functionsByName.get(fn.name);
      if (other) fail(service, `function name '${fn.name}' is also used by service '${other.service.name}'`);
      plan.functionsByName.set(fn.name, { service, fn });
    }
    for (const queue of service.queues) {
      const other = plan.queuesByName.get(queue.name);
      if (other)
        fail(
          service,
          `queue name '${queue.name}' (${queue.logicalId}) is also used by service '${other.service.name}'`,
        );
      plan.queuesByName.set(queue.name, { service, queue });
    }
    for (const table of service.tables) {
      const other = plan.tablesByName.get(table.name);
      if (other)
        fail(
          service,
          `table name '${table.name}' (${table.logicalId}) is also used by service '${other.service.name}'`,
        );
      plan.tablesByName.set(table.name, { service, table });
    }
    for (const stateMachine of service.stateMachines) {
      const other = plan.stateMachinesByName.get(stateMachine.name);
      if (other)
        fail(
          service,
          `state machine name '${stateMachine.name}' is also used by service '${other.service.name}'`,
        );
      plan.stateMachinesByName.set(stateMachine.name, { service, stateMachine });
    }
    for (const bucket of service.buckets) plan.bucketNames.add(bucket.name);
    for (const bus of service.eventBuses) plan.busNames.add(bus.name);
  }

  const checkTarget = (service: LocalService, target: LocalTarget, where: string) => {
    switch (target.kind) {
      case 'lambda':
        if (!plan.functionsByName.has(target.functionName))
          fail(service, `${where}: unknown target function '${target.functionName}'`);
        break;
      case 'sqs':
        if (!plan.queuesByName.has(target.queueName))
          fail(service, `${where}: unknown target queue '${target.queueName}'`);
        break;
      case 'state-machine':
        if (!plan.stateMachinesByName.has(target.stateMachineName)) {
          fail(service, `${where}: unknown target state machine '${target.stateMachineName}'`);
        }
        break;
      case 'event-bus':
        if (!plan.busNames.has(target.busName))
          fail(service, `${where}: unknown target event bus '${target.busName}'`);
        break;
    }
    if (target.deadLetterQueueArn !== undefined) {
      const queueName = queueNameFromArn(target.deadLetterQueueArn);
      if (queueName === undefined || !plan.queuesByName.has(queueName)) {
        fail(service, `${where}: unknown dead-letter queue '${target.deadLetterQueueArn}'`);
      }
    }
  };

  for (const service of services) {
    for (const rule of service.rules) {
      if (!plan.busNames.has(rule.busName))
        fail(
          service,
          `${rule.declaredAt}: rule '${rule.name}' listens on unknown event bus '${rule.busName}'`,
        );
      for (const target of rule.targets)
        checkTarget(service, target, `${rule.declaredAt} (rule '${rule.name}', target '${target.id}')`);
    }
    for (const trigger of service.sqsTriggers) {
      if (!plan.queuesByName.has(trigger.queueName))
        fail(service, `${trigger.declaredAt}: queue '${trigger.queueName}' is not defined by any service`);
    }
    for (const trigger of service.streamTriggers) {
      const table = plan.tablesByName.get(trigger.tableName);
      if (!table)
        fail(service, `${trigger.declaredAt}: table '${trigger.tableName}' is not defined by any service`);
      else if (table.table.streamArn === undefined)
        fail(service, `${trigger.declaredAt}: table '${trigger.tableName}' has no StreamSpecification`);
    }
    for (const trigger of service.s3Triggers) {
      if (!plan.bucketNames.has(trigger.bucket))
        fail(service, `${trigger.declaredAt}: bucket '${trigger.bucket}' is not defined by any service`);
    }
    for (const topicRule of service.topicRules) {
      if (!plan.functionsByName.has(topicRule.functionName)) {
        fail(
          service,
          `${topicRule.declaredAt}: topic rule '${topicRule.name}' targets unknown function '${topicRule.functionName}'`,
        );
      }
    }
    for (const queue of service.queues) {
      const redrive = queue.properties.RedrivePolicy as
        { deadLetterTargetArn?: unknown } | string | undefined;
      const policy =
        typeof redrive === 'string' ? (JSON.parse(redrive) as { deadLetterTargetArn?: unknown }) : redrive;
      if (policy?.deadLetterTargetArn === undefined) continue;
      const target = queueNameFromArn(String(policy.deadLetterTargetArn));
      if (target === undefined || !plan.queuesByName.has(target)) {
        fail(
          service,
          `resources.Resources.${queue.logicalId}.Properties.RedrivePolicy: dead-letter queue '${String(policy.deadLetterTargetArn)}' is not defined`,
        );
      }
    }
  }

  if (errors.length > 0) throw new LocalCloudConfigErrors(errors);
  return plan;
}
