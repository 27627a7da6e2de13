// Installs the system programs the test suite needs when they are missing (Debian's Chromium for the
// browser tests, redis-server for the Redis broker's), so the README's test command is complete on a fresh machine. Never downloads a browser
// of its own: test tools cannot on these machines.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const needed = [
  { bin: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", pkg: "chromium" },
  { bin: "/usr/bin/redis-server", pkg: "redis-server" },
];
const missing = needed.filter(({ bin }) => !existsSync(bin)).map(({ pkg }) => pkg);

if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(
      `missing system packages: ${missing.join(" ")}; run: sudo apt-get install -y ${missing.join(" ")}`,
    );
    process.exit(1);
  }
  console.log(`installing ${missing.join(" ")} from Debian…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...missing], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
