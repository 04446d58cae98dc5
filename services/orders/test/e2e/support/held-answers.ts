import {
  DisableRuleCommand,
  EnableRuleCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { eventBridgeClient } from './bus';
import { sagaStack } from './saga-stack';

/**
 * The rules that carry inventory's answers (source stratus.inventory) to a target of the orders
 * service, found on the bus by pattern and target rather than by name.
 */
export async function inventoryAnswerRulesOfOrders(): Promise<string[]> {
  const client = eventBridgeClient();
  const busName = sagaStack().busName;
  const rules = (await client.send(new ListRulesCommand({ EventBusName: busName }))).Rules ?? [];
  const found: string[] = [];
  for (const rule of rules) {
    if (!rule.Name || !rule.EventPattern) continue;
    const pattern = JSON.parse(rule.EventPattern) as { source?: unknown };
    if (!Array.isArray(pattern.source) || !pattern.source.includes('stratus.inventory')) continue;
    const targets =
      (await client.send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: busName }))).Targets ??
      [];
    if (targets.some((target) => /:orders-/.test(target.Arn ?? ''))) found.push(rule.Name);
  }
  if (found.length === 0)
    throw new Error(
      'no rule on the bus routes inventory events to the orders service (has orders a saga rule?)',
    );
  return found;
}

export interface HeldAnswers {
  /** The rules that were disabled. */
  rules: string[];
  /** Enables them again. */
  release(): Promise<void>;
}

/**
 * Disables the rules that carry inventory's answers to orders, as when EventBridge delivers them
 * late: an order stays PENDING though inventory holds its stock. Events published meanwhile are
 * not delivered to orders; a test sends them on later with a replay limited to these rules.
 */
export async function holdInventoryAnswersFromOrders(): Promise<HeldAnswers> {
  const client = eventBridgeClient();
  const busName = sagaStack().busName;
  const rules = await inventoryAnswerRulesOfOrders();
  for (const rule of rules) await client.send(new DisableRuleCommand({ Name: rule, EventBusName: busName }));
  return {
    rules,
    release: async () => {
      for (const rule of rules)
        await client.send(new EnableRuleCommand({ Name: rule, EventBusName: busName }));
    },
  };
}

/** Runs `work` while inventory's answers do not reach orders; they are let through again however it ends. */
export async function whileOrdersHearNothingFromInventory<T>(
  work: (rules: string[]) => Promise<T>,
): Promise<T> {
  const held = await holdInventoryAnswersFromOrders();
  try {
    return await work(held.rules);
  } finally {
    await held.release();
  }
}
