import { describe, expect, it } from "vitest";
import { findToken } from "../src/auth/carriers.ts";

const found = (authorization: string) =>
  findToken(new Request("http://127.0.0.1/.well-known/mercure", { headers: { authorization } }));

describe("Authorization: Bearer", () => {
  it("reads the token68, whatever the scheme's case and the spaces around it", () => {
    for (const [header, token] of [
      ["Bearer abc.DEF_-~+/9", "abc.DEF_-~+/9"],
      ["bearer abc==", "abc=="],
      ["BEARER    a.b.c   ", "a.b.c"],
      ["BeArEr x", "x"],
    ]) {
      expect(found(header!), header).toStrictEqual({ token, carrier: "header" });
    }
  });

  it("refuses anything else as malformed", () => {
    for (const header of [
      "Bearer",
      "Bearer ",
      "Bearer  ",
      "Bearerabc",
      "Basic abc",
      "Bearer =abc",
      "Bearer a=b",
      "Bearer a b",
      "Bearer a,b",
      "Bearer a\u00e9",
      "Bearer\tabc",
      "xBearer abc",
    ]) {
      expect(found(header), JSON.stringify(header)).toHaveProperty("malformed");
    }
  });
});
