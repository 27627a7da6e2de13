import { type Accessor, createSignal, type JSX, Show } from "solid-js";
import type { CounterOperation } from "../shared/feed.ts";
import { postCounter } from "./api.ts";

/** The shared counter: its live value and the three buttons, which post to the server's counter routes. */
export function CounterCard(props: { value: Accessor<number | undefined> }): JSX.Element {
  const [problem, setProblem] = createSignal<string>();
  const send = (operation: CounterOperation): void => {
    postCounter(operation).then(
      () => setProblem(undefined),
      (error: Error) => setProblem(`Could not ${operation}: ${error.message}`),
    );
  };

  return (
    <section class="card counter" aria-labelledby="counter-title">
      <h2 id="counter-title">Shared counter</h2>
      <p class="hint">Every open tab shows the same value and sees each change at once.</p>
      <output class="counter-value" data-testid="counter-value" aria-live="polite" aria-label="Counter value">
        {props.value() ?? "–"}
      </output>
      <div class="counter-buttons">
        <button type="button" data-testid="counter-decrement" onClick={() => send("decrement")}>
          <span class="glyph" aria-hidden="true">
            −1
          </span>
          Decrement
        </button>
        <button type="button" data-testid="counter-increment" onClick={() => send("increment")}>
          <span class="glyph" aria-hidden="true">
            +1
          </span>
          Increment
        </button>
        <button type="button" class="secondary" data-testid="counter-reset" onClick={() => send("reset")}>
          <span class="glyph" aria-hidden="true">
            0
          </span>
          Reset
        </button>
      </div>
      <Show when={problem()}>
        {(message) => (
          <p class="problem" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </section>
  );
}
