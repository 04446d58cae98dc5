import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/**
 * A child process that cannot outlive the Node process that started it.
 *
 * The command runs under a small POSIX shell watchdog in its own process group:
 * - `stop()` signals the whole group (SIGTERM, then SIGKILL after a grace period) and resolves
 *   only when no process of the group is left, so the port is free when it returns;
 * - when this Node process exits normally (`process.exit`, end of the event loop) an 'exit'
 *   listener signals the group synchronously;
 * - when this Node process dies without running any code (SIGKILL, a crash, Ctrl-C's SIGINT,
 *   a SIGTERM it does not handle) the watchdog sees its stdin pipe close, because only this
 *   process held the write end, and kills the command. No signal handlers are installed here,
 *   so the parent keeps its own SIGINT/SIGTERM behaviour.
 */
export interface GuardedProcess {
  /** Pid of the watchdog shell, which is also the process group id of the command. */
  readonly pid: number;
  /** Resolves with the exit code (or null when killed by a signal) once the watchdog exits. */
  readonly exited: Promise<number | null>;
  /** Whether the watchdog has exited. */
  hasExited(): boolean;
  /** The last few kilobytes of stdout and stderr, for error messages. */
  recentOutput(): string;
  /** Stops the command and every process of its group. Safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
}

export interface GuardedProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Bytes of output kept for recentOutput(). */
  outputLimit?: number;
  onOutput?: (chunk: string) => void;
}

// "$@" is the command. fd 3 keeps the stdin pipe from the parent; background jobs of a
// non-interactive shell get /dev/null as stdin, so the watcher reads fd 3 instead.
const WATCHDOG_SCRIPT = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'child=$!',
  '( cat <&3 >/dev/null; kill -TERM "$child"; sleep 3; kill -KILL "$child" ) >/dev/null 2>&1 &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$child"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

export function spawnGuarded(
  command: string,
  args: readonly string[],
  options: GuardedProcessOptions = {},
): GuardedProcess {
  const child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'guarded', command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`could not start ${command}`);
  }
  const pid = child.pid;
  const limit = options.outputLimit ?? 16_384;
  let output = '';
  const collect = (data: Buffer) => {
    const text = data.toString('utf8');
    output = (output + text).slice(-limit);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // Writing is never needed; an EPIPE here would only mean the watchdog is already gone.
  child.stdin?.on('error', () => undefined);

  let exitedFlag = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitedFlag = true;
      resolve(code);
    });
    child.once('error', () => {
      exitedFlag = true;
      resolve(null);
    });
  });

  const killGroupOnExit = () => signalGroup(pid, 'SIGTERM');
  process.once('exit', killGroupOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (groupAlive(pid) && Date.now() < deadline) {
        await delay(25);
      }
      if (groupAlive(pid)) {
        signalGroup(pid, 'SIGKILL');
        // Bounded: an orphan that init never reaps would otherwise look alive forever.
        const killDeadline = Date.now() + 5_000;
        while (groupAlive(pid) && Date.now() < killDeadline) {
          await delay(25);
        }
      }
      await exitedOrTimeout(exited, child, 1_000);
      process.off('exit', killGroupOnExit);
      child.stdin?.destroy();
    })();
    return stopping;
  };

  return {
    pid,
    exited,
    hasExited: () => exitedFlag,
    recentOutput: () => output,
    stop,
  };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
}

/** Whether any process of the group is alive (signal 0 checks without signalling). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exitedOrTimeout(exited: Promise<unknown>, child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
