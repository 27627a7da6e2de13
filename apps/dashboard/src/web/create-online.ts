import { type Accessor, createSignal, onCleanup } from "solid-js";

/** Whether the browser believes it is online, following its `online`/`offline` events until cleanup. */
export function createOnline(): Accessor<boolean> {
  const [online, setOnline] = createSignal(navigator.onLine);
  const update = (): void => {
    setOnline(navigator.onLine);
  };
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  onCleanup(() => {
    window.removeEventListener("online", update);
    window.removeEventListener("offline", update);
  });
  return online;
}
