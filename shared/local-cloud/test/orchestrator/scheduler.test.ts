import { localArn } from '../../src/config/local-aws';
import type { LocalSchedule } from '../../src/config/local-service';
import { LocalEventBus } from '../../src/eventbridge';
import { Scheduler } from '../../src/schedules/scheduler';
import { RecordingInvoker } from '../eventbridge/support';

const MINUTE = 60_000;

function everyMinute(functionKey: string, enabled = true): LocalSchedule {
  return {
    id: functionKey,
    ruleName: `fixture-local-${functionKey}-rule-1`,
    expression: 'rate(1 minute)',
    enabled,
    target: { kind: 'lambda', functionKey, functionName: `fixture-local-${functionKey}` },
    declaredAt: `functions.${functionKey}.events[0].schedule`,
  };
}

/** The local clock and bus on Jest's fake timers: a minute passes in an instant. */
function clockWith(...schedules: LocalSchedule[]) {
  const invoker = new RecordingInvoker();
  const bus = new LocalEventBus({ invoker, log: () => undefined });
  const scheduler = new Scheduler(bus);
  scheduler.register('fixture', schedules);
  scheduler.start();
  const firedTo = (schedule: LocalSchedule) =>
    invoker.delivered(localArn.function(`fixture-local-${schedule.id}`)).length;
  /** Lets `minutes` pass and returns how often each schedule's function was invoked meanwhile. */
  const pass = async (minutes: number) => {
    const before = schedules.map(firedTo);
    await jest.advanceTimersByTimeAsync(minutes * MINUTE);
    await bus.idle();
    return schedules.map((schedule, index) => firedTo(schedule) - (before[index] ?? 0));
  };
  return { bus, scheduler, pass, firedTo };
}

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-27T10:00:30.000Z') }));
afterEach(() => jest.useRealTimers());

describe('the local clock fires scheduled rules as EventBridge does', () => {
  it('fires an enabled rule at each of its times', async () => {
    const tick = everyMinute('tick');
    const { scheduler, pass } = clockWith(tick);
    expect(await pass(3)).toEqual([3]);
    scheduler.stop();
  });

  it('never fires a rule declared disabled (`enabled: false`) until EnableRule, then at its times', async () => {
    const on = everyMinute('on');
    const off = everyMinute('off', false);
    const { bus, scheduler, pass } = clockWith(on, off);
    expect(bus.describeRule({ Name: off.ruleName }).State).toBe('DISABLED');
    expect(await pass(3)).toEqual([3, 0]);

    bus.enableRule({ Name: off.ruleName });
    expect(await pass(2)).toEqual([2, 2]);
    scheduler.stop();
  });

  it('stops firing a rule once DisableRule has run, and fires it again after EnableRule', async () => {
    const tick = everyMinute('tick');
    const other = everyMinute('other');
    const { bus, scheduler, pass } = clockWith(tick, other);
    expect(await pass(1)).toEqual([1, 1]);

    bus.disableRule({ Name: tick.ruleName });
    expect(await pass(3)).toEqual([0, 3]);

    bus.enableRule({ Name: tick.ruleName });
    expect(await pass(2)).toEqual([2, 2]);
    scheduler.stop();
  });

  it('still fires a disabled rule when asked to by hand (`npm run schedule:fire`)', async () => {
    const off = everyMinute('off', false);
    const { bus, scheduler, pass, firedTo } = clockWith(off);
    expect(scheduler.fire('fixture', 'off')).toEqual([
      { service: 'fixture', ruleName: off.ruleName, eventId: expect.any(String) },
    ]);
    await bus.idle();
    expect(firedTo(off)).toBe(1);
    // The clock still leaves it alone.
    expect(await pass(2)).toEqual([0]);
    scheduler.stop();
  });

  it('keeps ticking when a rule is deleted under it, firing nothing for it', async () => {
    const gone = everyMinute('gone');
    const stays = everyMinute('stays');
    const { bus, scheduler, pass } = clockWith(gone, stays);
    bus.removeTargets({
      Rule: gone.ruleName,
      Ids: bus.listTargetsByRule({ Rule: gone.ruleName }).Targets.map((t) => t.Id!),
    });
    bus.deleteRule({ Name: gone.ruleName });
    expect(await pass(2)).toEqual([0, 2]);
    scheduler.stop();
  });
});

describe('a schedule target with a dead-letter queue', () => {
  it('sends the event there once its retries are spent, as its rule would', async () => {
    const dlq = 'arn:aws:sqs:us-east-1:000000000000:fixture-schedule-dlq';
    const nightly: LocalSchedule = {
      ...everyMinute('nightly'),
      target: {
        kind: 'lambda',
        functionKey: 'nightly',
        functionName: 'fixture-local-nightly',
        deadLetterQueueArn: dlq,
        retryPolicy: { maximumRetryAttempts: 0 },
      },
    };
    const invoker = new RecordingInvoker();
    const bus = new LocalEventBus({ invoker, log: () => undefined });
    const scheduler = new Scheduler(bus);
    scheduler.register('fixture', [nightly]);
    scheduler.start();
    invoker.failNext(localArn.function('fixture-local-nightly'), 1);

    await jest.advanceTimersByTimeAsync(MINUTE);
    await bus.idle();
    expect(invoker.deadLetters.map((letter) => letter.queueArn)).toEqual([dlq]);
    expect(invoker.delivered(localArn.function('fixture-local-nightly'))).toHaveLength(1);
    scheduler.stop();
  });
});

describe('the bus decides whether a due scheduled rule fires', () => {
  it('answers with the event id for an enabled rule, and nothing for a disabled, deleted or unscheduled one', async () => {
    const invoker = new RecordingInvoker();
    const bus = new LocalEventBus({ invoker, log: () => undefined });
    bus.putRule({ Name: 'nightly', ScheduleExpression: 'rate(1 day)', State: 'DISABLED' });
    bus.putTargets({ Rule: 'nightly', Targets: [{ Id: 'fn', Arn: localArn.function('nightly') }] });
    bus.putRule({ Name: 'by-pattern', EventPattern: '{"source":["a"]}' });

    expect(bus.scheduledRuleDue('nightly')).toBeUndefined();
    expect(bus.scheduledRuleDue('by-pattern')).toBeUndefined();
    expect(bus.scheduledRuleDue('never-created')).toBeUndefined();
    bus.enableRule({ Name: 'nightly' });
    const fired = bus.scheduledRuleDue('nightly');
    expect(fired).toEqual({ eventId: expect.any(String) });
    await bus.idle();
    expect(invoker.invocations.map((invocation) => invocation.event.id)).toEqual([fired?.eventId]);
  });
});
