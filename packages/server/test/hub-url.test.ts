import { describe, expect, it } from "vitest";
import { hubOrigin, hubURL } from "../src/hub-url.ts";

describe("hubURL and hubOrigin read a request's URL as the URL parser does", () => {
  it("agree with URL on the URLs a Request can have", () => {
    for (const url of [
      "http://127.0.0.1/.well-known/mercure",
      "http://127.0.0.1:3000/.well-known/mercure?topic=a#x",
      "https://Hub.Example.COM:443/mounted/.well-known/mercure?x=/y",
      "http://[::1]:8080/a#frag?x",
      "http://hub.example/",
      "http://hub.example",
    ]) {
      const request = new Request(url);
      const parsed = new URL(request.url);
      expect(hubURL(request), url).toBe(`${parsed.origin}${parsed.pathname}`);
      expect(hubOrigin(request), url).toBe(parsed.origin);
    }
  });

  it("take the origin of publicUrl when given, whichever was given before", () => {
    const request = new Request("http://127.0.0.1:3000/.well-known/mercure?topic=a");
    expect(hubURL(request, "https://hub.example.com")).toBe("https://hub.example.com/.well-known/mercure");
    expect(hubOrigin(request, "https://other.example:8443/")).toBe("https://other.example:8443");
    expect(hubURL(request, "https://hub.example.com")).toBe("https://hub.example.com/.well-known/mercure");
  });
});
