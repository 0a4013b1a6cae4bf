import type { Options } from "tsup";

/** The build every published package shares: ESM + CommonJS + .d.ts, for any runtime. */
export function packageBuild(entry: string): Options {
  return {
    entry: { index: entry },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
  };
}
