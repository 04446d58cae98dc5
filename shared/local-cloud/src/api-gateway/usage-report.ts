import type { QuotaSnapshot } from './quota';

/** One API key's usage so far, as the admin view shows it. */
export interface KeyUsage {
  name: string;
  value: string;
  plan: string;
  enabled: boolean;
  /** The value was generated locally (serverless.yml gives none): print it for the developer. */
  generated: boolean;
  requests: { admitted: number; throttled: number; quotaExceeded: number };
  /** Present when the plan throttles: the limits and the tokens left in the key's bucket now. */
  throttle?: { rateLimit: number; burstLimit: number; tokens: number };
  /** Present when the plan has a quota: the current window and what is left of it. */
  quota?: QuotaSnapshot;
}

/** Requests to private routes refused before any key's plan applied. */
export interface RefusedRequests {
  missingKey: number;
  unknownKey: number;
  disabledKey: number;
}

export interface UsageReport {
  service: string;
  /** ISO time of the report. */
  at: string;
  keys: KeyUsage[];
  refused: RefusedRequests;
}

/**
 * The report as lines for a terminal (`npm start` output, `--stats`): one line per key with its
 * plan, value, requests admitted and refused, tokens and quota left.
 */
export function formatUsageReport(report: UsageReport): string {
  const lines = [`API keys of ${report.service} (usage at ${report.at}):`];
  if (report.keys.length === 0) lines.push('  (no API keys)');
  for (const key of report.keys) {
    const parts = [
      `  ${key.name} [${key.plan}]${key.enabled ? '' : ' (disabled)'}`,
      `x-api-key: ${key.value}${key.generated ? ' (generated locally)' : ''}`,
      `admitted ${key.requests.admitted}, throttled ${key.requests.throttled}, over quota ${key.requests.quotaExceeded}`,
    ];
    if (key.throttle) {
      parts.push(
        `throttle ${key.throttle.rateLimit}/s burst ${key.throttle.burstLimit} (${Math.floor(key.throttle.tokens)} tokens now)`,
      );
    }
    if (key.quota) {
      parts.push(
        `quota ${key.quota.remaining}/${key.quota.allowance} left this ${key.quota.period.toLowerCase()} (resets ${new Date(key.quota.window.end).toISOString()})`,
      );
    }
    lines.push(parts.join(' | '));
  }
  const { missingKey, unknownKey, disabledKey } = report.refused;
  lines.push(
    `  refused with 403: ${missingKey} without key, ${unknownKey} unknown key, ${disabledKey} disabled key`,
  );
  return lines.join('\n');
}
