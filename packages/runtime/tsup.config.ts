import { defineConfig } from "tsup";
import { packageBuild } from "../tsup.shared.js";

// `environment` and `environment-node` hold only types: the two answers to "may credentials come
// from environment variables?", picked by the `node` export condition (see package.json).
// Chunks keep their module's name without a hash (packageBuild): each vendor package bundles these
// files, and a hash here would ride along in every lazy import of every program's bundle. Code the
// lazy modules share goes into one chunk esbuild names `chunk`; should a second such chunk appear, the
// build fails on the name collision, and the modules involved should share differently (or take a hash).
export default defineConfig(
  packageBuild("src/index.ts", {
    webhooks: "src/webhooks/index.ts",
    // Also the lazily loaded redaction of the failure path and the logger: one file, imported by both.
    redact: "src/redact.ts",
    environment: "src/environment.ts",
    "environment-node": "src/environment-node.ts",
  }),
);
