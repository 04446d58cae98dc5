import diagnostics from 'node:diagnostics_channel';

/**
 * Counts the TCP connections Node's fetch opens (its undici publishes `undici:client:connected`
 * for each one). Node's fetch keeps connections alive and reuses them, so a load of 2,000
 * requests at concurrency 50 should open about 50, not 2,000: the count shows it did.
 */
export class ConnectionCounter {
  private count = 0;
  private readonly onConnected = () => {
    this.count++;
  };

  constructor() {
    diagnostics.subscribe('undici:client:connected', this.onConnected);
  }

  /** Connections opened since the last call (or since creation). */
  take(): number {
    const taken = this.count;
    this.count = 0;
    return taken;
  }

  close(): void {
    diagnostics.unsubscribe('undici:client:connected', this.onConnected);
  }
}
