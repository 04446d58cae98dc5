import { z } from 'zod';
import { defineEvent } from '../define-event';
import {
  IsoTimestamp,
  ReportId,
  ReportPeriod,
  ReportType,
  S3Location,
  StepFunctionsExecutionArn,
} from '../schemas';

export const ReportGenerated = defineEvent({
  source: 'stratus.batch-reports',
  detailType: 'ReportGenerated',
  version: 1,
  description: 'A scheduled report run finished and its file is in S3.',
  consumers: [],
  data: z.strictObject({
    reportId: ReportId,
    reportType: ReportType,
    period: ReportPeriod,
    location: S3Location,
    format: z.enum(['CSV', 'JSON']),
    rowCount: z.int().min(0),
    sizeBytes: z.int().min(0),
    executionArn: StepFunctionsExecutionArn,
    generatedAt: IsoTimestamp,
  }),
  examples: [
    {
      reportId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      reportType: 'DAILY_SALES',
      period: { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' },
      location: { bucket: 'stratus-reports-dev', key: 'daily-sales/2026-11-26.csv' },
      format: 'CSV',
      rowCount: 1824,
      sizeBytes: 96_512,
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:daily-sales:2026-11-27T02-00',
      generatedAt: '2026-11-27T02:04:11.000Z',
    },
  ],
});

export const ReportFailed = defineEvent({
  source: 'stratus.batch-reports',
  detailType: 'ReportFailed',
  version: 1,
  description: 'A scheduled report run failed; `failedState` names the Step Functions state that gave up.',
  consumers: [],
  data: z.strictObject({
    reportId: ReportId,
    reportType: ReportType,
    period: ReportPeriod,
    executionArn: StepFunctionsExecutionArn,
    failedState: z.string().min(1).max(80),
    error: z.string().min(1).max(256),
    cause: z.string().max(2000),
    failedAt: IsoTimestamp,
  }),
  examples: [
    {
      reportId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      reportType: 'DAILY_SALES',
      period: { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' },
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:daily-sales:2026-11-27T02-00',
      failedState: 'ExtractOrders',
      error: 'States.Timeout',
      cause: 'Task timed out after 300 seconds',
      failedAt: '2026-11-27T02:05:00.000Z',
    },
  ],
});
