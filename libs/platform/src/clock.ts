/**
 * Time source of everything that acts on deadlines. Injected (Nest token: the class itself) so
 * tests can travel in time instead of sleeping, and a demo network can run fast.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Stands still until told otherwise: for tests that step through a deadline's milestones. */
export class ManualClock extends Clock {
  private at: number;

  constructor(start: Date | number) {
    super();
    this.at = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(to: Date | number): void {
    this.at = typeof to === 'number' ? to : to.getTime();
  }

  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }
}

/**
 * Runs `rate` times faster than real time from `epoch` (e.g. 3600: one real second is one hour),
 * so a local network shows reminders and escalations within minutes.
 */
export class ScaledClock extends Clock {
  private readonly realStart = Date.now();

  constructor(private readonly rate: number, private readonly epoch: number = Date.now()) {
    super();
    if (!(rate > 0)) throw new RangeError(`clock rate must be positive, got ${rate}`);
  }

  now(): Date {
    return new Date(this.epoch + (Date.now() - this.realStart) * this.rate);
  }
}
