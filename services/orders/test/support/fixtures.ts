import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A fresh deep copy of a JSON fixture from test/events, so a test may change it. */
export const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(path.join(__dirname, '..', 'events', `${name}.json`), 'utf8')) as T;
