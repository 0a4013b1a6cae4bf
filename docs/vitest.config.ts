import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The browser test is the heavy one; keep files sequential on 2-core machines.
    fileParallelism: false,
  },
});
