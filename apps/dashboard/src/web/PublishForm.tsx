import { createSignal, type JSX, Show } from "solid-js";
import { postPublish } from "./api.ts";

/** Publishes an update by hand through the server (which holds the publisher rights, not the browser). */
export function PublishForm(): JSX.Element {
  const [topic, setTopic] = createSignal("urn:example:demo");
  const [type, setType] = createSignal("");
  const [data, setData] = createSignal("hello");
  const [retain, setRetain] = createSignal(false);
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string }>();

  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    postPublish({ topic: topic(), data: data(), type: type() || undefined, retain: retain() }).then(
      (id) => setOutcome({ ok: true, text: `Published ${id}` }),
      (error: Error) => setOutcome({ ok: false, text: `Not published: ${error.message}` }),
    );
  };

  return (
    <section class="card publish" aria-labelledby="publish-title">
      <h2 id="publish-title">Publish an update</h2>
      <form onSubmit={submit} data-testid="publish-form">
        <label class="field">
          <span>Topic</span>
          <input required value={topic()} onInput={(event) => setTopic(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Event type (optional)</span>
          <input value={type()} onInput={(event) => setType(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Data</span>
          <textarea rows={3} value={data()} onInput={(event) => setData(event.currentTarget.value)} />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={retain()}
            onChange={(event) => setRetain(event.currentTarget.checked)}
          />
          <span>Retain as the topic's current state</span>
        </label>
        <button type="submit">Publish</button>
      </form>
      <Show when={outcome()}>
        {(result) => (
          <p class={result().ok ? "hint" : "problem"} role="status">
            {result().text}
          </p>
        )}
      </Show>
    </section>
  );
}
