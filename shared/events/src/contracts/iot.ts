import { z } from 'zod';
import { defineEvent } from '../define-event';
import { DeviceId, IsoTimestamp } from '../schemas';

/** Telemetry itself goes to the time-series store; the bus only hears what the telemetry means. */

const MetricName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { error: 'must be a snake_case metric name' });

export const DeviceRegistered = defineEvent({
  source: 'stratus.iot-ingest',
  detailType: 'DeviceRegistered',
  version: 1,
  description: 'A device joined the registry and may now send telemetry.',
  consumers: [],
  data: z.strictObject({
    deviceId: DeviceId,
    deviceType: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, { error: 'must be a lower-case device type' }),
    firmwareVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'must be MAJOR.MINOR.PATCH' }),
    reportingIntervalSeconds: z.int().min(1).max(86_400),
    registeredAt: IsoTimestamp,
  }),
  examples: [
    {
      deviceId: 'thermo-0042',
      deviceType: 'thermostat',
      firmwareVersion: '2.4.1',
      reportingIntervalSeconds: 60,
      registeredAt: '2026-11-27T08:00:00.000Z',
    },
  ],
});

export const TelemetryThresholdExceeded = defineEvent({
  source: 'stratus.iot-ingest',
  detailType: 'TelemetryThresholdExceeded',
  version: 1,
  description:
    'A reading crossed a configured threshold for a device. Published once per crossing, not per reading.',
  consumers: [],
  data: z.strictObject({
    deviceId: DeviceId,
    metric: MetricName,
    value: z.number(),
    unit: z.string().min(1).max(16),
    threshold: z.strictObject({ comparison: z.enum(['ABOVE', 'BELOW']), value: z.number() }),
    observedAt: IsoTimestamp,
  }),
  examples: [
    {
      deviceId: 'thermo-0042',
      metric: 'temperature',
      value: 31.5,
      unit: 'Cel',
      threshold: { comparison: 'ABOVE', value: 30 },
      observedAt: '2026-11-27T12:03:00.000Z',
    },
  ],
});

export const DeviceWentSilent = defineEvent({
  source: 'stratus.iot-ingest',
  detailType: 'DeviceWentSilent',
  version: 1,
  description: 'A registered device sent nothing for longer than its allowed silence.',
  consumers: [],
  data: z.strictObject({
    deviceId: DeviceId,
    lastSeenAt: IsoTimestamp,
    silentForSeconds: z.int().min(1),
    allowedSilenceSeconds: z.int().min(1),
    detectedAt: IsoTimestamp,
  }),
  examples: [
    {
      deviceId: 'thermo-0042',
      lastSeenAt: '2026-11-27T12:03:00.000Z',
      silentForSeconds: 600,
      allowedSilenceSeconds: 300,
      detectedAt: '2026-11-27T12:13:00.000Z',
    },
  ],
});
