export default async function globalTeardown(): Promise<void> {
  await globalThis.__stratusDynamoDb?.stop();
  globalThis.__stratusDynamoDb = undefined;
}
