/**
 * `connecting` before the first connection opens, `open` while a stream is read, `reconnecting` between a
 * drop and the next open (waiting out the backoff, then connecting), `closed` for good.
 */
export type SubscriptionState = "connecting" | "open" | "reconnecting" | "closed";

const allowed: Record<SubscriptionState, readonly SubscriptionState[]> = {
  connecting: ["open", "reconnecting", "closed"],
  open: ["reconnecting", "closed"],
  reconnecting: ["open", "closed"],
  closed: [],
};

/**
 * The subscription's state, changed only through {@link StateMachine.to}, which refuses transitions the
 * diagram above does not have (a bug, not a runtime condition) and reports each real change once.
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
    if (!allowed[previous].includes(next)) return false;
    this.#state = next;
    this.#onChange(next, previous);
    return true;
  }
}
