// @ssehub/client from its tarball, bundled by Vite for the browser: shows the hub's retained update.
import { subscribe } from "@ssehub/client";

const out = document.getElementById("out");
const subscription = subscribe(new URL("/.well-known/mercure", location.href).href, { topics: "urn:page" });
subscription.on("update", (update) => {
  out.textContent = `${update.data} (retained: ${update.retained})`;
});
subscription.on("error", (error) => {
  out.textContent = `error ${error.code}`;
});
