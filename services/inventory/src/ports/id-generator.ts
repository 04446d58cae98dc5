import { randomUUID } from 'node:crypto';

/** Source of reservation ids (UUID v4 in production). */
export interface IdGenerator {
  newId(): string;
}

export const uuidGenerator: IdGenerator = { newId: () => randomUUID() };
