import { format, resolveConfig } from 'prettier';
import { catalog } from '../src';
import { renderEventsMarkdown } from '../src/docs/render-events-markdown';
import { DOCS_FILE } from './paths';

/** docs/events.md as it should be committed: rendered from the catalog, then formatted like the repo. */
export async function expectedEventsMarkdown(): Promise<string> {
  const options = (await resolveConfig(DOCS_FILE)) ?? {};
  return format(renderEventsMarkdown(catalog), { ...options, parser: 'markdown', filepath: DOCS_FILE });
}

/** JSON text formatted the way the repo's prettier check expects it. */
export async function formatJson(value: unknown, file: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(value, null, 2), { ...options, parser: 'json', filepath: file });
}
