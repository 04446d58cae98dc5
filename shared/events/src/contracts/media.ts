import { z } from 'zod';
import { defineEvent } from '../define-event';
import { IsoTimestamp, MediaId, S3Location } from '../schemas';

export const MEDIA_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const MediaContentType = z.enum(['image/jpeg', 'image/png', 'image/webp']);
export const RenditionName = z.enum(['thumbnail', 'small', 'medium', 'large']);
export const RenditionFormat = z.enum(['jpeg', 'webp', 'avif']);
export const MediaFailureCode = z.enum([
  'UNSUPPORTED_FORMAT',
  'CORRUPT_IMAGE',
  'TOO_LARGE',
  'PROCESSING_ERROR',
]);

const Pixels = z.int().min(1).max(20_000);

const Rendition = z.strictObject({
  name: RenditionName,
  location: S3Location,
  format: RenditionFormat,
  width: Pixels,
  height: Pixels,
  sizeBytes: z.int().min(1),
});

export const MediaUploaded = defineEvent({
  source: 'stratus.media-pipeline',
  detailType: 'MediaUploaded',
  version: 1,
  description:
    'An upload was accepted into the pipeline (type and size checked). Each rendition worker starts from it.',
  consumers: ['media-pipeline'],
  data: z.strictObject({
    mediaId: MediaId,
    original: S3Location,
    contentType: MediaContentType,
    sizeBytes: z.int().min(1).max(MEDIA_MAX_UPLOAD_BYTES),
    uploadedBy: z.string().min(1).max(128).optional(),
    uploadedAt: IsoTimestamp,
  }),
  examples: [
    {
      mediaId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      original: { bucket: 'stratus-media-dev-uploads', key: 'uploads/9f8e7d6c/beach.jpg' },
      contentType: 'image/jpeg',
      sizeBytes: 2_483_112,
      uploadedBy: 'editor-7',
      uploadedAt: '2026-11-27T10:00:00.000Z',
    },
  ],
});

export const RenditionCompleted = defineEvent({
  source: 'stratus.media-pipeline',
  detailType: 'RenditionCompleted',
  version: 1,
  description: 'One rendition of an upload was written. The pipeline gathers them into MediaProcessed.',
  consumers: ['media-pipeline'],
  data: z.strictObject({
    mediaId: MediaId,
    rendition: Rendition,
    completedAt: IsoTimestamp,
  }),
  examples: [
    {
      mediaId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      rendition: {
        name: 'thumbnail',
        location: { bucket: 'stratus-media-dev-renditions', key: 'renditions/9f8e7d6c/thumbnail.webp' },
        format: 'webp',
        width: 200,
        height: 150,
        sizeBytes: 8_211,
      },
      completedAt: '2026-11-27T10:00:01.200Z',
    },
  ],
});

export const MediaProcessed = defineEvent({
  source: 'stratus.media-pipeline',
  detailType: 'MediaProcessed',
  version: 1,
  description: 'Every rendition of an upload exists and its metadata is stored: the media is ready to serve.',
  consumers: [],
  data: z.strictObject({
    mediaId: MediaId,
    original: S3Location,
    width: Pixels,
    height: Pixels,
    renditions: z.array(Rendition).min(1),
    processedAt: IsoTimestamp,
  }),
  examples: [
    {
      mediaId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      original: { bucket: 'stratus-media-dev-uploads', key: 'uploads/9f8e7d6c/beach.jpg' },
      width: 2000,
      height: 1500,
      renditions: [
        {
          name: 'thumbnail',
          location: { bucket: 'stratus-media-dev-renditions', key: 'renditions/9f8e7d6c/thumbnail.webp' },
          format: 'webp',
          width: 200,
          height: 150,
          sizeBytes: 8_211,
        },
        {
          name: 'large',
          location: { bucket: 'stratus-media-dev-renditions', key: 'renditions/9f8e7d6c/large.jpeg' },
          format: 'jpeg',
          width: 1600,
          height: 1200,
          sizeBytes: 402_644,
        },
      ],
      processedAt: '2026-11-27T10:00:02.050Z',
    },
  ],
});

export const MediaProcessingFailed = defineEvent({
  source: 'stratus.media-pipeline',
  detailType: 'MediaProcessingFailed',
  version: 1,
  description:
    'An upload could not be processed; `stage` says where and `rendition` which one when it applies.',
  consumers: [],
  data: z.strictObject({
    mediaId: MediaId,
    stage: z.enum(['VALIDATION', 'RENDITION', 'METADATA']),
    rendition: RenditionName.optional(),
    code: MediaFailureCode,
    message: z.string().min(1).max(1000),
    failedAt: IsoTimestamp,
  }),
  examples: [
    {
      mediaId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      stage: 'VALIDATION',
      code: 'CORRUPT_IMAGE',
      message: 'Input buffer has corrupt header',
      failedAt: '2026-11-27T10:00:00.300Z',
    },
  ],
});
