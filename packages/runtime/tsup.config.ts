import { defineConfig } from "tsup";
import { packageBuild } from "../tsup.shared.js";

// `environment` and `environment-node` hold only types: the two answers to "may credentials come
// from environment variables?", picked by the `node` export condition (see package.json).
// Lazy modules share some code (the retry rules), which esbuild puts in chunks it names `chunk`: the
// runtime's chunk names keep their hash, or a second shared chunk would collide with the first.
export default defineConfig({
  ...packageBuild("src/index.ts", {
    webhooks: "src/webhooks/index.ts",
    environment: "src/environment.ts",
    "environment-node": "src/environment-node.ts",
  }),
  esbuildOptions(options) {
    options.chunkNames = "[name]-[hash]";
  },
});
