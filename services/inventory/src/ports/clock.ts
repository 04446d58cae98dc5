/** Time as the application sees it; tests pass a fixed clock, Lambda the system clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
