/** Writes one JSON Schema file per contract into generated/schemas/<source>@<DetailType>.v<version>.json. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { catalog, detailJsonSchema, schemaName } from '../src';
import { PACKAGE_ROOT, SCHEMAS_DIR } from './paths';

rmSync(SCHEMAS_DIR, { recursive: true, force: true });
mkdirSync(SCHEMAS_DIR, { recursive: true });
for (const contract of catalog) {
  writeFileSync(
    join(SCHEMAS_DIR, `${schemaName(contract)}.json`),
    `${JSON.stringify(detailJsonSchema(contract), null, 2)}\n`,
  );
}
console.log(`wrote ${catalog.length} schemas to ${relative(PACKAGE_ROOT, SCHEMAS_DIR)}/`);
