import type { Target } from '@aws-sdk/client-eventbridge';
import type { LocalEventBus } from '../eventbridge';
import { busTargetDelivery } from '../config/bus-target-input';
import type { LocalSchedule } from '../config/local-service';
import { DEFAULT_BUS_NAME, localArn } from '../config/local-aws';
import type { ScheduleExpression } from './schedule-expression';
import { nextFireTime, parseScheduleExpression } from './schedule-expression';

export interface ScheduledJob {
  service: string;
  schedule: LocalSchedule;
  expression: ScheduleExpression;
  nextFireAt?: Date;
}

export interface FiredSchedule {
  service: string;
  ruleName: string;
  eventId: string;
}

export class UnknownScheduleError extends Error {
  constructor(service: string, name: string, known: string[]) {
    super(
      `no schedule '${name}' in service '${service}'${known.length > 0 ? ` (schedules: ${known.join(', ')})` : ' (it has no schedules)'}`,
    );
    this.name = 'UnknownScheduleError';
  }
}

/** setTimeout takes at most 2^31-1 ms; longer waits are re-armed on wake-up. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The clock for scheduled rules. Each `schedule` event becomes a scheduled rule with its target
 * on the local bus's default bus (as on AWS), so input, retries and the route log are the bus's;
 * this class only decides when each rule is due, or fires one on demand. Whether a due rule fires
 * is the bus's answer at that moment: a rule that is DISABLED then (`enabled: false`, or
 * DisableRule since) does not, and fires again at its next time once EnableRule has run.
 */
export class Scheduler {
  private readonly jobs: ScheduledJob[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private startedAt: Date | undefined;

  constructor(
    private readonly bus: LocalEventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates the rules and targets on the bus. Throws ScheduleExpressionError for a bad expression. */
  register(service: string, schedules: readonly LocalSchedule[]): void {
    const byRule = new Map<string, LocalSchedule[]>();
    for (const schedule of schedules) {
      const expression = parseScheduleExpression(schedule.expression);
      this.jobs.push({ service, schedule, expression });
      byRule.set(schedule.ruleName, [...(byRule.get(schedule.ruleName) ?? []), schedule]);
    }
    for (const [ruleName, ruleSchedules] of byRule) {
      const first = ruleSchedules[0] as LocalSchedule;
      this.bus.putRule({
        Name: ruleName,
        EventBusName: DEFAULT_BUS_NAME,
        ScheduleExpression: first.expression,
        State: first.enabled ? 'ENABLED' : 'DISABLED',
      });
      const result = this.bus.putTargets({
        Rule: ruleName,
        EventBusName: DEFAULT_BUS_NAME,
        Targets: ruleSchedules.map((schedule, index) => toTarget(schedule, index)),
      });
      if (result.FailedEntryCount > 0) {
        throw new Error(
          `schedule ${ruleName} of ${service}: targets refused: ${JSON.stringify(result.FailedEntries)}`,
        );
      }
    }
  }

  start(): void {
    this.startedAt = this.now();
    const armed = new Set<string>();
    for (const job of this.jobs) {
      // Disabled rules are armed too: EnableRule may wake them up at any time.
      if (armed.has(job.schedule.ruleName)) continue;
      armed.add(job.schedule.ruleName);
      this.arm(job, this.startedAt);
    }
  }

  /**
   * Fires now every schedule of `service` whose function key, state machine key, id or rule name
   * is `name` (`npm run schedule:fire -- <service> <name>`), whether or not it is enabled: an
   * explicit request, unlike the clock.
   */
  fire(service: string, name: string): FiredSchedule[] {
    const ofService = this.jobs.filter((job) => job.service === service);
    const matching = ofService.filter(({ schedule }) => {
      const target = schedule.target;
      const targetName =
        target.kind === 'lambda' ? [target.functionKey, target.functionName] : [target.stateMachineName];
      return (
        schedule.id === name ||
        schedule.id.split('#')[0] === name ||
        schedule.ruleName === name ||
        targetName.includes(name)
      );
    });
    if (matching.length === 0) {
      throw new UnknownScheduleError(service, name, [
        ...new Set(ofService.map(({ schedule }) => schedule.id.split('#')[0] as string)),
      ]);
    }
    const ruleNames = [...new Set(matching.map(({ schedule }) => schedule.ruleName))];
    return ruleNames.map((ruleName) => ({
      service,
      ruleName,
      eventId: this.bus.fireScheduledRule(ruleName).eventId,
    }));
  }

  list(): ScheduledJob[] {
    return this.jobs.map((job) => ({ ...job }));
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(job: ScheduledJob, after: Date): void {
    const due = nextFireTime(job.expression, after, this.startedAt);
    job.nextFireAt = due;
    if (due === undefined) return;
    const wake = () => {
      const now = this.now();
      if (now.getTime() < due.getTime()) {
        const timer = setTimeout(wake, Math.min(MAX_TIMER_MS, due.getTime() - now.getTime()));
        timer.unref();
        this.timers.set(job.schedule.ruleName, timer);
        return;
      }
      try {
        this.bus.scheduledRuleDue(job.schedule.ruleName);
      } finally {
        this.arm(job, due);
      }
    };
    const timer = setTimeout(wake, Math.min(MAX_TIMER_MS, Math.max(0, due.getTime() - this.now().getTime())));
    timer.unref();
    this.timers.set(job.schedule.ruleName, timer);
  }
}

function toTarget(schedule: LocalSchedule, index: number): Target {
  const target = schedule.target;
  const arn = target.kind === 'lambda' ? localArn.function(target.functionName) : target.arn;
  return {
    Id: `${schedule.id.replace(/[^\w.-]/g, '_')}-${index + 1}`.slice(0, 64),
    Arn: arn,
    ...busTargetDelivery(target),
  };
}
