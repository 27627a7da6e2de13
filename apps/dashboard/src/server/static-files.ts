/** Reads one file of the built page; `undefined` when there is no such file. */
export type ReadAsset = (relativePath: string) => Promise<Uint8Array | undefined>;

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  json: "application/json",
  map: "application/json",
  woff2: "font/woff2",
  txt: "text/plain; charset=utf-8",
};

/**
 * Answers GET/HEAD for the built page (vite's output). `/` is `index.html`; hashed assets under `/assets/` are
 * cached for a year, everything else is revalidated. Returns `undefined` when no file matches, so the caller
 * can hand the request on.
 */
export async function serveStatic(request: Request, read: ReadAsset): Promise<Response | undefined> {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const relativePath = toRelativePath(new URL(request.url).pathname);
  if (relativePath === undefined) return undefined;
  const body = await read(relativePath);
  if (body === undefined) return undefined;
  const extension = relativePath.slice(relativePath.lastIndexOf(".") + 1);
  const headers = new Headers({
    "Content-Type": CONTENT_TYPES[extension] ?? "application/octet-stream",
    "Cache-Control": relativePath.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  return new Response(request.method === "HEAD" ? null : (body as Uint8Array<ArrayBuffer>), { headers });
}

/** Maps a URL path to a path under the assets folder; refuses anything that could climb out of it. */
function toRelativePath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const segments = decoded.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment === ".." || segment.startsWith(".") || segment.includes("\\"))) {
    return undefined;
  }
  return segments.length === 0 ? "index.html" : segments.join("/");
}
