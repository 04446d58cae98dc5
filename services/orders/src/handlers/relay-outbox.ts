import { logger, metrics, MetricUnit, withObservability } from '@stratus/lambda';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readOutboxRecord } from '../adapters/dynamodb/outbox-stream-records';
import { relayOutbox, type StreamedEntry } from '../application/relay-outbox';
import { relayDependencies } from './wiring';

/**
 * The outbox relay on the orders table's stream: every inserted outbox entry goes out with its
 * stored id, events to the bus and commands to the service's queues. A partial failure names the
 * first entry that did not go out; Lambda retries the stream from there (ReportBatchItemFailures).
 */
export const relayOutboxHandler = (deps = relayDependencies) =>
  withObservability(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const entries: StreamedEntry[] = [];
    let unreadable: string | undefined;
    for (const record of event.Records) {
      const reading = readOutboxRecord(record);
      if (reading.kind === 'unreadable') {
        logger.error('Outbox item cannot be relayed', {
          sequenceNumber: reading.sequenceNumber,
          reason: reading.reason,
        });
        // Stop in front of it: what follows waits, and the retries end in the stream's DLQ.
        unreadable = reading.sequenceNumber;
        break;
      }
      if (reading.kind === 'entry') entries.push(reading.item);
    }
    const outcome = await relayOutbox(deps(), entries);
    metrics.addMetric('OutboxEventsPublished', MetricUnit.Count, outcome.published);
    metrics.addMetric('OutboxCommandsSent', MetricUnit.Count, outcome.sent);
    const firstFailure = outcome.failed[0] ?? unreadable;
    if (firstFailure !== undefined) {
      logger.warn('Outbox entries not relayed; the stream retries from the first', {
        failed: outcome.failed.length,
        firstFailure,
      });
    }
    return { batchItemFailures: firstFailure === undefined ? [] : [{ itemIdentifier: firstFailure }] };
  });

export const handler = relayOutboxHandler();
