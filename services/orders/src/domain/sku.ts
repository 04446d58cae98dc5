import { z } from 'zod';

/**
 * Upper-case stock keeping unit: a stem of 3-12 letters/digits and up to three variant parts
 * joined by dashes, e.g. `TSHIRT-RED-XL`. Same pattern as the `Sku` schema being added to
 * @stratus/events; switch to importing it from there once that package exports it, so that the
 * API and the events cannot drift apart.
 */
export const SKU_PATTERN = /^[A-Z0-9]{3,12}(-[A-Z0-9]{1,12}){0,3}$/;
export const Sku = z.string().regex(SKU_PATTERN, { error: 'must be a SKU like ABC-123 (upper-case, dashes)' });
