export default async function globalTeardown(): Promise<void> {
  await globalThis.__stratusDynamoDbLocal?.stop();
  globalThis.__stratusDynamoDbLocal = undefined;
}
