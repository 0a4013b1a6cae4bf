import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts", "contract/*.gen.ts"],
    exclude: ["node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 200_000,
    // One Prism per vendor file; files run one at a time to stay light on 2 cores.
    fileParallelism: false,
  },
});
