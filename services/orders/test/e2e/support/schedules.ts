import {
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { eventBridgeClient } from './bus';
import type { SagaService } from './e2e-settings';
import { waitFor } from './eventually';
import { sagaStack } from './saga-stack';

/** Fires a service's schedule now, as `npm run schedule:fire -- <service> <function>` does. */
export async function fireSchedule(service: string, name: string): Promise<void> {
  const response = await fetch(`${sagaStack().admin}/_local/schedules/fire`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service, name }),
  });
  if (!response.ok)
    throw new Error(
      `firing schedule ${service}/${name} failed (${response.status}): ${await response.text()}`,
    );
}

/** Schedules are rules on the default bus, as on AWS. */
const SCHEDULE_BUS = 'default';

/** The scheduled rule (on the default bus) whose target is the function `functionKey` of `service`. */
async function scheduleOf(service: SagaService, functionKey: string): Promise<string> {
  const functionName = sagaStack().endpoints.services[service]?.functions[functionKey];
  if (!functionName) throw new Error(`the ${service} service has no function ${functionKey}`);
  const client = eventBridgeClient();
  const rules = (await client.send(new ListRulesCommand({ EventBusName: SCHEDULE_BUS }))).Rules ?? [];
  for (const rule of rules) {
    if (!rule.Name || !rule.ScheduleExpression) continue;
    const targets =
      (await client.send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: SCHEDULE_BUS })))
        .Targets ?? [];
    if (targets.some((target) => target.Arn?.endsWith(`:function:${functionName}`))) return rule.Name;
  }
  throw new Error(`no schedule on the bus targets ${service}/${functionKey} (${functionName})`);
}

/**
 * Runs `work` while a scheduled function is not run by the clock: its rule is disabled
 * (DisableRule), as when an operator switches the schedule off, and put back to the state it had
 * however `work` ends. Used to let one expiry mechanism act while the other stays out of the way.
 * (`fireSchedule` still runs it, as `npm run schedule:fire` does: the tests fire only the other.)
 */
export async function whileScheduleStopped<T>(
  service: SagaService,
  functionKey: string,
  work: () => Promise<T>,
): Promise<T> {
  const client = eventBridgeClient();
  const rule = await scheduleOf(service, functionKey);
  const { State } = await client.send(new DescribeRuleCommand({ Name: rule, EventBusName: SCHEDULE_BUS }));
  await client.send(new DisableRuleCommand({ Name: rule, EventBusName: SCHEDULE_BUS }));
  try {
    return await work();
  } finally {
    // A schedule left disabled would break later tests.
    if (State !== 'DISABLED')
      await client.send(new EnableRuleCommand({ Name: rule, EventBusName: SCHEDULE_BUS }));
  }
}

/**
 * Fires `service`'s schedule `name` every `everyMs` once `after` (epoch ms) has passed, until
 * `probe` returns a value (then returns it) or `timeoutMs` runs out: a deadline-driven job is made
 * to run as soon as it has work, instead of at its next minute, and again in case one run started
 * just before the deadline.
 */
export async function fireUntil<T>(
  schedule: { service: SagaService; name: string },
  after: number,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; everyMs?: number; describe?: () => string },
): Promise<T> {
  let lastFired = 0;
  return waitFor(
    `${schedule.service}/${schedule.name} to have acted (fired after ${new Date(after).toISOString()})`,
    async () => {
      if (Date.now() > after && Date.now() - lastFired > (options.everyMs ?? 5_000)) {
        lastFired = Date.now();
        await fireSchedule(schedule.service, schedule.name);
      }
      return probe();
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 1_000,
      ...(options.describe ? { describe: options.describe } : {}),
    },
  );
}
