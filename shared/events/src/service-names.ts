/** Every service that may publish to or consume from the bus. */
export const SERVICE_NAMES = [
  'orders',
  'inventory',
  'media-pipeline',
  'iot-ingest',
  'batch-reports',
  'event-bus',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

/** An event source is always the publishing service's name under the `stratus.` prefix. */
export type EventSource = `stratus.${ServiceName}`;

export const isServiceName = (value: string): value is ServiceName =>
  (SERVICE_NAMES as readonly string[]).includes(value);
