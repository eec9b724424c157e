// The time a use case works from: the system's, or one a test sets.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
