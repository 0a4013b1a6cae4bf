import { defineConfig } from "tsup";
import { packageBuild } from "../tsup.shared.js";

// `environment` and `environment-node` hold only types: the two answers to "may credentials come
// from environment variables?", picked by the `node` export condition (see package.json).
export default defineConfig(
  packageBuild("src/index.ts", {
    webhooks: "src/webhooks/index.ts",
    environment: "src/environment.ts",
    "environment-node": "src/environment-node.ts",
  }),
);
