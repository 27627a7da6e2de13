const c = process.getBuiltinModule("node:crypto"); const { Buffer } = process.getBuiltinModule("node:buffer");
const { signToken } = await import("./dist/auth/sign.js");
const key = "publish-benchmark-secret-of-32-bytes!"; const secret = new TextEncoder().encode(key);
const toks = await Promise.all(Array.from({ length: 5000 }, (_, i) => signToken(key, "HS256", { publish: ["*"], subject: `publisher-${i}` })));
const utf8 = new TextDecoder("utf-8", { fatal: true });
const parts = toks.map((t) => t.split("."));
function t(name, fn) { for (let i = 0; i < 2e4; i++) fn(i % 5000); const t0 = performance.now(); for (let i = 0; i < 1e5; i++) fn(i % 5000); console.log(name.padEnd(24), ((performance.now() - t0) * 10).toFixed(0), "ns/op"); }
t("hmac", (i) => c.createHmac("sha256", secret).update(`${parts[i][0]}.${parts[i][1]}`).digest("base64url"));
t("b64 decode", (i) => Buffer.from(parts[i][1], "base64url"));
t("b64+utf8", (i) => utf8.decode(Buffer.from(parts[i][1], "base64url")));
t("b64+toString", (i) => Buffer.from(parts[i][1], "base64url").toString());
t("atob", (i) => atob(parts[i][1].replace(/-/g, "+").replace(/_/g, "/")));
const p0 = utf8.decode(Buffer.from(parts[0][1], "base64url"));
t("JSON.parse", (i) => JSON.parse(p0));
t("2x latin1 + tse", (i) => c.timingSafeEqual(Buffer.from(parts[i][2], "latin1"), Buffer.from(parts[i][2], "latin1")));
t("regex b64", (i) => /^[A-Za-z0-9_-]+$/.test(parts[i][1]));
t("split", (i) => toks[i].indexOf(".", 30));
