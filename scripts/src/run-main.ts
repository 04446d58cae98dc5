/** Runs a CLI's main, turning a thrown error into one line on stderr and exit code 1. */
export function runMain(name: string, main: () => number | void): void {
  try {
    process.exitCode = main() ?? 0;
  } catch (error) {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
