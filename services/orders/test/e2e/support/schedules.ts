import { sagaStack } from './saga-stack';

/** Fires a service's schedule now, as `npm run schedule:fire -- <service> <function>` does. */
export async function fireSchedule(service: string, name: string): Promise<void> {
  const response = await fetch(`${sagaStack().admin}/_local/schedules/fire`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service, name }),
  });
  if (!response.ok)
    throw new Error(
      `firing schedule ${service}/${name} failed (${response.status}): ${await response.text()}`,
    );
}
