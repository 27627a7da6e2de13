/**
 * `connecting` before the first connection opens, `open` while a stream is read, `reconnecting` between a
 * drop and the next open (waiting out the backoff, then connecting), `closed` for good.
 */
export type SubscriptionState = "connecting" | "open" | "reconnecting" | "closed";

/**
 * The subscription's state, changed only through `to`, which reports each real change once and refuses the
 * moves the lifecycle does not have (a bug, not a runtime condition): nothing goes back to `connecting`,
 * nothing leaves `closed`.
 */
export interface StateMachine {
  readonly state: SubscriptionState;
  /** Moves to `next`; a no-op when already there. Returns false when the move is not allowed. */
  to(next: SubscriptionState): boolean;
}

/** A {@link StateMachine} in `connecting` that calls `onChange` on each change. */
export function createStateMachine(
  onChange: (state: SubscriptionState, previous: SubscriptionState) => void,
): StateMachine {
  let state: SubscriptionState = "connecting";
  return {
    get state() {
      return state;
    },
    to(next) {
      const previous = state;
      if (previous === next) return true;
      if (next === "connecting" || previous === "closed") return false;
      state = next;
      onChange(next, previous);
      return true;
    },
  };
}
