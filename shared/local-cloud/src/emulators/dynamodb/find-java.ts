import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export class JavaNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer (${detail}). Install it, for example ` +
        '`sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS), ' +
        'then make sure `java -version` works in this shell.',
    );
    this.name = 'JavaNotFoundError';
  }
}

/** Resolves the java executable: an explicit path, else the first `java` on PATH. */
export function findJava(explicitPath?: string, searchPath = process.env.PATH ?? ''): string {
  if (explicitPath !== undefined) {
    if (isExecutable(explicitPath)) return explicitPath;
    throw new JavaNotFoundError(`${explicitPath} is not an executable file`);
  }
  for (const directory of searchPath.split(path.delimiter)) {
    if (directory === '') continue;
    const candidate = path.join(directory, 'java');
    if (isExecutable(candidate)) return candidate;
  }
  throw new JavaNotFoundError('no `java` executable on PATH');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
