import type { AnyEventContract, EventData, EventDetail } from './define-event';
import {
  InventoryReleased,
  InventoryReservationFailed,
  InventoryReserved,
  StockLow,
} from './contracts/inventory';
import { DeviceRegistered, DeviceWentSilent, TelemetryThresholdExceeded } from './contracts/iot';
import { MediaProcessed, MediaProcessingFailed, MediaUploaded, RenditionCompleted } from './contracts/media';
import { OrderCancelled, OrderConfirmed, OrderPlaced } from './contracts/orders';
import { ReportFailed, ReportGenerated } from './contracts/batch';

/** Every event the platform publishes, grouped by bounded context. */
export const catalog = [
  OrderPlaced,
  OrderConfirmed,
  OrderCancelled,
  InventoryReserved,
  InventoryReservationFailed,
  InventoryReleased,
  StockLow,
  MediaUploaded,
  RenditionCompleted,
  MediaProcessed,
  MediaProcessingFailed,
  DeviceRegistered,
  TelemetryThresholdExceeded,
  DeviceWentSilent,
  ReportGenerated,
  ReportFailed,
] as const;

export type CatalogContract = (typeof catalog)[number];
export type CatalogDetailType = CatalogContract['detailType'];

/** One catalog event as a consumer sees it: narrow on `detailType` to get its data type. */
export type CatalogEvent = CatalogContract extends infer C
  ? C extends AnyEventContract
    ? { source: C['source']; detailType: C['detailType']; detail: EventDetail<C> }
    : never
  : never;

/** The data of any catalog event. */
export type CatalogEventData = CatalogContract extends infer C
  ? C extends AnyEventContract
    ? EventData<C>
    : never
  : never;

/**
 * The contract for a source and detail-type: the given version, or the highest one in `contracts`
 * when no version is asked for.
 */
export function findContract(
  source: string,
  detailType: string,
  version?: number,
  contracts: readonly AnyEventContract[] = catalog,
): AnyEventContract | undefined {
  let found: AnyEventContract | undefined;
  for (const contract of contracts) {
    if (contract.source !== source || contract.detailType !== detailType) continue;
    if (version !== undefined) {
      if (contract.version === version) return contract;
    } else if (found === undefined || contract.version > found.version) {
      found = contract;
    }
  }
  return found;
}
