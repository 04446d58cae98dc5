export { startIot } from './start-iot';
export type { IotEmulatorOptions, RunningIot } from './start-iot';
export { parseTopicRuleSql, TopicRuleSqlError } from './topic-rule-sql';
export type { ParsedTopicRule, Expression, SelectItem, ComparisonOperator } from './topic-rule-sql';
export {
  evaluateTopicRule,
  evaluateExpression,
  toBoolean,
  toDecimal,
  UNDEFINED,
} from './topic-rule-evaluator';
export type { MqttMessage, RuleEvaluation, SqlValue, EvaluationContext } from './topic-rule-evaluator';
export { topicMatches, assertTopicFilter } from './topic-filter';
export { TopicRuleRouter } from './topic-rule-router';
export type { TopicRule, TopicRuleAction, TopicRuleInvocation } from './topic-rule-router';
