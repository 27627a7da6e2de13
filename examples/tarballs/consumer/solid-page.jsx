// The Solid binding from the client tarball in a Solid + Vite app: renders the latest update and the state.
import { createSubscription } from "@ssehub/client/solid";
import { render } from "solid-js/web";

function Latest() {
  const feed = createSubscription(new URL("/.well-known/mercure", location.href).href, {
    topics: "urn:page",
  });
  return (
    <output id="out" data-state={feed.state()}>
      {feed.latest()?.data ?? "waiting"}
    </output>
  );
}

render(() => <Latest />, document.getElementById("app"));
