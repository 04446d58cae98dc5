import type { LocalCloudPlan } from '../config/link-services';
import type { S3Trigger } from '../config/local-service';
import { DEFAULT_BUS_NAME } from '../config/local-aws';
import type { RunningS3, S3ObjectCreated } from '../emulators/s3';
import { toEventBridgeObjectEvent, toS3NotificationRecord } from '../emulators/s3';
import type { LocalEventBus } from '../eventbridge';
import type { FunctionInvoker } from '../offline/function-invoker';
import { invokeAsynchronously } from './async-invoke';
import type { TriggerLogger } from './trigger-log';

/**
 * Delivers object-created events the way each bucket's configuration asks: "Object Created" on the
 * default bus for buckets with EventBridge notifications, and an asynchronous invocation with an
 * S3 notification record for functions with `s3` events (filtered by event name, prefix, suffix).
 */
export function routeObjectEvents(options: {
  s3: RunningS3;
  plan: LocalCloudPlan;
  bus: LocalEventBus;
  functions: FunctionInvoker;
  log: TriggerLogger;
}): () => void {
  const eventBridgeBuckets = new Set(
    options.plan.services.flatMap((service) =>
      service.buckets.filter((bucket) => bucket.eventBridgeEnabled).map((bucket) => bucket.name),
    ),
  );
  const triggers = options.plan.services.flatMap((service) => service.s3Triggers);
  return options.s3.onObjectCreated(async (event) => {
    if (eventBridgeBuckets.has(event.bucket)) {
      const busEvent = toEventBridgeObjectEvent(event);
      const result = options.bus.putEvents({
        Entries: [
          {
            EventBusName: DEFAULT_BUS_NAME,
            Source: busEvent.source,
            DetailType: busEvent['detail-type'],
            Detail: JSON.stringify(busEvent.detail),
            Resources: busEvent.resources,
          },
        ],
      });
      if (result.FailedEntryCount > 0) {
        options.log({
          trigger: 's3',
          source: event.bucket,
          target: 'default bus',
          outcome: 'put-events-failed',
          error: JSON.stringify(result.Entries),
        });
      }
    }
    await Promise.all(
      triggers
        .filter((trigger) => matches(trigger, event))
        .map((trigger) =>
          invokeAsynchronously(
            options.functions,
            trigger.functionName,
            { Records: [toS3NotificationRecord(event, trigger.declaredAt)] },
            options.log,
            {
              trigger: 's3',
              source: event.bucket,
              key: event.key,
              eventName: event.eventName,
            },
          ),
        ),
    );
  });
}

export function matches(trigger: S3Trigger, event: S3ObjectCreated): boolean {
  if (trigger.bucket !== event.bucket) return false;
  const wanted = trigger.event.replace(/^s3:/, '');
  const eventMatches = wanted.endsWith('*')
    ? event.eventName.startsWith(wanted.slice(0, -1))
    : event.eventName === wanted;
  if (!eventMatches) return false;
  if (trigger.prefix !== undefined && !event.key.startsWith(trigger.prefix)) return false;
  if (trigger.suffix !== undefined && !event.key.endsWith(trigger.suffix)) return false;
  return true;
}
