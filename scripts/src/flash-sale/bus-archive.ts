import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Distinct OrderConfirmed events per order among `orderIds`, from the local bus's archive (one
 * JSON line per accepted event). Distinct by `detail.metadata.eventId`: one confirmation
 * delivered twice is still one confirmation; two confirmations of one order are a double sale.
 */
export async function confirmationsPerOrder(
  archiveFile: string,
  orderIds: ReadonlySet<string>,
  since: Date,
): Promise<Map<string, number>> {
  if (!existsSync(archiveFile)) throw new Error(`the local bus has no archive at ${archiveFile}`);
  const eventIds = new Map<string, Set<string>>();
  const lines = createInterface({ input: createReadStream(archiveFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes('"OrderConfirmed"')) continue;
    const record = JSON.parse(line) as {
      ingestedAt: string;
      event: {
        'detail-type': string;
        detail?: { metadata?: { eventId?: string }; data?: { orderId?: string } };
      };
    };
    if (record.event['detail-type'] !== 'OrderConfirmed' || new Date(record.ingestedAt) < since) continue;
    const orderId = record.event.detail?.data?.orderId;
    const eventId = record.event.detail?.metadata?.eventId;
    if (!orderId || !eventId || !orderIds.has(orderId)) continue;
    const ids = eventIds.get(orderId) ?? new Set<string>();
    ids.add(eventId);
    eventIds.set(orderId, ids);
  }
  return new Map([...eventIds].map(([orderId, ids]) => [orderId, ids.size]));
}
