export type { Clock } from './clock';
export { systemClock } from './clock';
export { GATEWAY_RESPONSES } from './gateway-responses';
export type { QuotaPeriod, QuotaSettings, QuotaSnapshot, QuotaWindow } from './quota';
export { QuotaCounter, quotaWindowAt } from './quota';
export type { RouteMatcherOptions } from './route-matcher';
export { RouteMatcher } from './route-matcher';
export type { TokenBucketSettings, TokenBucketSnapshot } from './token-bucket';
export { TokenBucket } from './token-bucket';
export type { Admission, ForbiddenReason } from './usage-plan-enforcer';
export { UsagePlanEnforcer } from './usage-plan-enforcer';
export type { ProxyDecision, RunningUsagePlanProxy, UsagePlanProxyOptions } from './usage-plan-proxy';
export { startUsagePlanProxy } from './usage-plan-proxy';
export type {
  ApiKey,
  DeriveUsagePlanModelOptions,
  HttpRoute,
  ThrottleSettings,
  UsagePlan,
  UsagePlanModel,
} from './usage-plans';
export {
  DEFAULT_USAGE_PLAN,
  deriveUsagePlanModel,
  hasPrivateRoutes,
  localApiKeyValue,
  offlineApiKeyValues,
} from './usage-plans';
export type { KeyUsage, RefusedRequests, UsageReport } from './usage-report';
export { formatUsageReport } from './usage-report';
