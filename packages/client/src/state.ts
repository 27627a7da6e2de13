/**
 * `connecting` before the first connection opens, `open` while a stream is read, `reconnecting` between a
 * drop and the next open (waiting out the backoff, then connecting), `closed` for good.
 */
export type SubscriptionState = "connecting" | "open" | "reconnecting" | "closed";

/**
 * The subscription's state, changed only through {@link StateMachine.to}, which reports each real change
 * once and refuses the moves the lifecycle does not have (a bug, not a runtime condition): nothing goes back
 * to `connecting`, nothing leaves `closed`.
 */
export class StateMachine {
  #state: SubscriptionState = "connecting";
  readonly #onChange: (state: SubscriptionState, previous: SubscriptionState) => void;

  constructor(onChange: (state: SubscriptionState, previous: SubscriptionState) => void) {
    this.#onChange = onChange;
  }

  get state(): SubscriptionState {
    return this.#state;
  }

  /** Moves to `next`; a no-op when already there. Returns false when the move is not allowed. */
  to(next: SubscriptionState): boolean {
    const previous = this.#state;
    if (previous === next) return true;
    if (next === "connecting" || previous === "closed") return false;
    this.#state = next;
    this.#onChange(next, previous);
    return true;
  }
}
