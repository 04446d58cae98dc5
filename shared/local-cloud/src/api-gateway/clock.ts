/** Milliseconds since the epoch. Injected so throttling and quota windows are testable without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
