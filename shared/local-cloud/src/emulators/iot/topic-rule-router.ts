import { evaluateTopicRule } from './topic-rule-evaluator';
import type { MqttMessage } from './topic-rule-evaluator';
import { parseTopicRuleSql } from './topic-rule-sql';
import type { ParsedTopicRule } from './topic-rule-sql';

/** What a rule's action receives besides the output: which rule fired, on which message. */
export interface TopicRuleInvocation {
  ruleName: string;
  topic: string;
  clientId?: string;
}

export type TopicRuleAction = (output: unknown, invocation: TopicRuleInvocation) => void | Promise<void>;

export interface TopicRule {
  name: string;
  sql: string;
  /** e.g. invoke the function named in serverless.yml's `iot` event. */
  action: TopicRuleAction;
}

interface RegisteredRule {
  name: string;
  parsed: ParsedTopicRule;
  action: TopicRuleAction;
}

/**
 * Holds topic rules and runs the matching ones for each message, as the IoT rules engine does.
 * Rule names follow AWS (letters, digits, underscores); the SQL is parsed when the rule is added,
 * so a bad statement fails at start-up with the rule's name.
 */
export class TopicRuleRouter {
  private readonly rules = new Map<string, RegisteredRule>();

  constructor(
    private readonly onActionError: (
      error: unknown,
      invocation: TopicRuleInvocation,
    ) => void = defaultActionError,
  ) {}

  addRule(rule: TopicRule): ParsedTopicRule {
    if (!/^[a-zA-Z0-9_]{1,128}$/.test(rule.name)) {
      throw new Error(`topic rule name ${rule.name} is invalid (1-128 letters, digits and underscores)`);
    }
    if (this.rules.has(rule.name)) throw new Error(`topic rule ${rule.name} already exists`);
    let parsed: ParsedTopicRule;
    try {
      parsed = parseTopicRuleSql(rule.sql);
    } catch (error) {
      throw new Error(`topic rule ${rule.name}: ${(error as Error).message}`, { cause: error });
    }
    this.rules.set(rule.name, { name: rule.name, parsed, action: rule.action });
    return parsed;
  }

  removeRule(name: string): boolean {
    return this.rules.delete(name);
  }

  ruleNames(): string[] {
    return [...this.rules.keys()];
  }

  /** Runs every rule that selects the message; resolves when their actions have finished. Returns the names of the rules that fired. */
  async route(message: MqttMessage): Promise<string[]> {
    const fired: Promise<void>[] = [];
    const names: string[] = [];
    const timestamp = message.timestamp ?? Date.now();
    for (const rule of this.rules.values()) {
      const result = evaluateTopicRule(rule.parsed, { ...message, timestamp });
      if (result === undefined) continue;
      names.push(rule.name);
      const invocation: TopicRuleInvocation = {
        ruleName: rule.name,
        topic: message.topic,
        ...(message.clientId === undefined ? {} : { clientId: message.clientId }),
      };
      fired.push(
        (async () => {
          try {
            await rule.action(result.output, invocation);
          } catch (error) {
            this.onActionError(error, invocation);
          }
        })(),
      );
    }
    await Promise.all(fired);
    return names;
  }
}

function defaultActionError(error: unknown, invocation: TopicRuleInvocation): void {
  console.error(`iot: action of topic rule ${invocation.ruleName} failed for ${invocation.topic}`, error);
}
