/** One EventBridge event pattern found in a serverless.yml, and where. */
export interface FoundEventPattern {
  file: string;
  /** Where in the file: `functions.<name>.events[<i>].eventBridge`, `resources.Resources.<id>`, ... */
  rule: string;
  pattern: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const entries = (value: unknown): [string, unknown][] => (isRecord(value) ? Object.entries(value) : []);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** An EventPattern may be written as an object or as a JSON string. */
function patternValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Every EventBridge pattern of a parsed serverless.yml: function `eventBridge` (and legacy
 * `cloudwatchEvent`) events, serverless-step-functions state machine `eventBridge` events, and
 * `AWS::Events::Rule` resources with an `EventPattern`. Schedules carry no pattern and are skipped.
 */
export function findEventPatterns(config: unknown, file: string): FoundEventPattern[] {
  const found: FoundEventPattern[] = [];
  if (!isRecord(config)) return found;

  const fromEvents = (events: unknown, owner: string) => {
    list(events).forEach((event, index) => {
      if (!isRecord(event)) return;
      if (isRecord(event.eventBridge)) {
        const { pattern, event: stepFunctionsPattern } = event.eventBridge;
        const value = pattern ?? stepFunctionsPattern;
        if (value !== undefined)
          found.push({ file, rule: `${owner}.events[${index}].eventBridge`, pattern: patternValue(value) });
      }
      if (isRecord(event.cloudwatchEvent) && event.cloudwatchEvent.event !== undefined) {
        found.push({
          file,
          rule: `${owner}.events[${index}].cloudwatchEvent`,
          pattern: patternValue(event.cloudwatchEvent.event),
        });
      }
    });
  };

  for (const [name, definition] of entries(config.functions)) {
    if (isRecord(definition)) fromEvents(definition.events, `functions.${name}`);
  }
  const stepFunctions = isRecord(config.stepFunctions) ? config.stepFunctions : {};
  for (const [name, machine] of entries(stepFunctions.stateMachines)) {
    if (isRecord(machine)) fromEvents(machine.events, `stepFunctions.stateMachines.${name}`);
  }
  for (const { at, fragment } of resourceFragments(config.resources)) {
    for (const [logicalId, resource] of entries(fragment.Resources)) {
      if (!isRecord(resource) || resource.Type !== 'AWS::Events::Rule') continue;
      const properties = isRecord(resource.Properties) ? resource.Properties : {};
      if (properties.EventPattern !== undefined) {
        found.push({
          file,
          rule: `${at}.Resources.${logicalId}`,
          pattern: patternValue(properties.EventPattern),
        });
      }
    }
  }
  return found;
}

/**
 * `resources` is one CloudFormation fragment (`resources: { Resources, Outputs }`) or, as osls
 * also accepts and merges, a list of them (`resources: [ { Resources }, { Outputs } ]`). A list
 * entry that is still a `${file(...)}` string cannot be read from the raw file and is skipped.
 */
function resourceFragments(resources: unknown): { at: string; fragment: Record<string, unknown> }[] {
  if (isRecord(resources)) return [{ at: 'resources', fragment: resources }];
  return list(resources).flatMap((fragment, index) =>
    isRecord(fragment) ? [{ at: `resources[${index}]`, fragment }] : [],
  );
}
