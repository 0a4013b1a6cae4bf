import type { Options } from "tsup";

/**
 * The build every published package shares: ESM + CommonJS + .d.ts, for any runtime. `subpaths` adds
 * entries beside `index` (e.g. `{ webhooks: "src/webhooks.gen.ts" }` → `dist/webhooks.js`), each
 * published as `<package>/<name>`.
 */
export function packageBuild(entry: string, subpaths: Record<string, string> = {}): Options {
  return {
    entry: { index: entry, ...subpaths },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
  };
}
