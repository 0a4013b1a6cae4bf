import type { Options } from "tsup";

/**
 * The build every published package shares: ESM + CommonJS + .d.ts, for any runtime. `entry` is the
 * package's main module, or a map of output name → source for packages with subpath exports.
 */
export function packageBuild(entry: string | Record<string, string>): Options {
  return {
    entry: typeof entry === "string" ? { index: entry } : entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
  };
}
