// The runtime's URLPattern when it has one (Bun, Deno, recent browsers and Node); the polyfill, imported
// only when it is missing (Node 20), and without its global-installing entry point to stay side-effect free.
export const URLPatternClass: typeof URLPattern =
  globalThis.URLPattern ?? ((await import("urlpattern-polyfill/urlpattern")).URLPattern as typeof URLPattern);
