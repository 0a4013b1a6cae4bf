#!/usr/bin/env node
// Runs turbo with its telemetry off, whatever the caller's environment says. turbo.json has no
// setting for it, so the repo's scripts go through here. (Redocly's is off in redocly.yaml.)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve("turbo/package.json")), "bin", "turbo");
const result = spawnSync(process.execPath, [bin, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
process.exit(result.status ?? 1);
