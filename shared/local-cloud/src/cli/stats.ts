import { formatStats } from './format-stats';
import type { StackMemory } from '../stack/memory';
import { defaultDataDir, requireRunning, runCli } from './local-cloud-address';

runCli(async () => {
  const endpoints = requireRunning(defaultDataDir());
  const response = await fetch(`${endpoints.admin}/_local/stats`);
  const stats = (await response.json()) as StackMemory;
  process.stdout.write(`${formatStats(stats)}\n`);
});
