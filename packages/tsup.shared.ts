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

/**
 * A generated MCP server package: ESM only (Node 20.19 can require() it), for Node, with its bin
 * (the shebang kept). The vendor client and @crmkit/mcp stay external: they are dependencies.
 */
export function mcpServerBuild(): Options {
  return {
    entry: { index: "src/index.gen.ts", bin: "src/bin.gen.ts" },
    format: ["esm"],
    dts: { entry: { index: "src/index.gen.ts" } },
    clean: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
  };
}
