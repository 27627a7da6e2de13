/** Ticks per heartbeat interval: a stream idle for the interval gets its comment within a quarter of it. */
const TICKS_PER_INTERVAL = 4;
// Timers run a longer delay after 1 ms instead: a longer tick would flood every stream with comments.
const MAX_TIMER = 2_147_483_647;

interface Beating {
  lastTick: number;
}

/**
 * One timer for all subscribers. Writes stamp `lastTick` with the current tick (no clock read per write);
 * each tick sends `beat` to the members idle for a whole interval. The timer runs only while there are members.
 */
export class Heartbeat<T extends Beating> {
  tick = 0;
  readonly #period: number;
  readonly #members: ReadonlySet<T>;
  readonly #beat: (member: T) => void;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** `interval` in ms; 0 turns heartbeats off. */
  constructor(interval: number, members: ReadonlySet<T>, beat: (member: T) => void) {
    this.#period =
      interval > 0 ? Math.min(MAX_TIMER, Math.max(1, Math.floor(interval / TICKS_PER_INTERVAL))) : 0;
    this.#members = members;
    this.#beat = beat;
  }

  /** Starts or stops the timer after the member set changed. */
  update(): void {
    if (this.#period === 0) return;
    if (this.#members.size > 0 && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#onTick(), this.#period);
    } else if (this.#members.size === 0) {
      this.stop();
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #onTick(): void {
    const tick = ++this.tick;
    for (const member of this.#members) {
      if (tick - member.lastTick >= TICKS_PER_INTERVAL) {
        member.lastTick = tick;
        this.#beat(member);
      }
    }
  }
}
