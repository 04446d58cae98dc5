import { randomUUID } from 'node:crypto';

/** Source of order ids and event ids (UUID v4 in production). */
export interface IdGenerator {
  newId(): string;
}

export const uuidGenerator: IdGenerator = { newId: () => randomUUID() };
