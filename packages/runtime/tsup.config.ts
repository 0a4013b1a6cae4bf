import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { packageBuild, type LazySplit } from "../tsup.shared.js";

// `environment` and `environment-node` hold only types: the two answers to "may credentials come
// from environment variables?", picked by the `node` export condition (see package.json).
// `failure` (retries and typed errors) and `observe` (logging) load on first use.
// Which modules: lazy-split.json, checked against the imports by test/layout.test.ts.
const lazySplit = JSON.parse(readFileSync(new URL("./lazy-split.json", import.meta.url), "utf8")) as LazySplit;

export default defineConfig(
  packageBuild(
    "src/index.ts",
    {
      webhooks: "src/webhooks/index.ts",
      environment: "src/environment.ts",
      "environment-node": "src/environment-node.ts",
    },
    lazySplit,
  ),
);
