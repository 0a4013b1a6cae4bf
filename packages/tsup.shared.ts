import type { Options } from "tsup";
import ts from "typescript";

/**
 * The build every published package shares: ESM + CommonJS + .d.ts, for any runtime. `subpaths` adds
 * entries beside `index` (e.g. `{ webhooks: "src/webhooks.gen.ts" }` → `dist/webhooks.js`), each
 * published as `<package>/<name>`.
 */
export function packageBuild(entry: string, subpaths: Record<string, string> = {}, split?: LazySplit): Options {
  return {
    entry: { index: entry, ...subpaths, ...split?.entries },
    format: ["esm", "cjs"],
    // Lazy entries are not API: no declaration files of their own.
    dts: { entry: { index: entry, ...subpaths } },
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    plugins: [withoutComments],
    esbuildPlugins: split ? [entryLinks(split)] : [],
    esbuildOptions(options, { format }) {
      // The CommonJS entry loads its lazy entries with import(), which sees their exports only through
      // the cjs-module-lexer annotation esbuild writes for the node platform.
      if (split && format === "cjs") options.platform = "node";
    },
  };
}

/**
 * Modules loaded on first use that are built as entries of their own (`entries`, with `helpers`, the
 * modules only they import), and `shared`, the modules of the main entry they import from. In the
 * published files an import of a `shared` module from one of them becomes an import of `./index.js`
 * (`./index.cjs` in the CommonJS build), which is always loaded first, and the main entry's imports of
 * them stay imports of their dist files. Node loads one file at startup and each lazy entry on first
 * use, with no shared chunk between them.
 */
export interface LazySplit {
  entries: Record<string, string>;
  helpers?: string[];
  shared: string[];
}

function entryLinks(split: LazySplit) {
  const lazy = new Set([...Object.keys(split.entries), ...(split.helpers ?? [])]);
  const named = (names: Iterable<string>) => new RegExp(`^\\./(${[...names].join("|")})\\.js$`);
  const lazyPath = named(Object.keys(split.entries));
  const sharedPath = named(split.shared);
  const moduleName = (path: string) => path.replace(/^.*[\\/]/, "").replace(/\.ts$/, "");
  return {
    name: "crmkit-entry-links",
    setup(build: { initialOptions: { format?: string }; onResolve: (options: { filter: RegExp }, callback: (args: { path: string; kind: string; importer: string }) => { path: string; external: boolean } | undefined) => void }) {
      const extension = build.initialOptions.format === "cjs" ? ".cjs" : ".js";
      build.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, ({ path, kind, importer }) => {
        if (kind === "dynamic-import" && lazyPath.test(path)) return { path: path.replace(/\.js$/, extension), external: true };
        if (kind === "import-statement" && sharedPath.test(path) && lazy.has(moduleName(importer))) return { path: `./index${extension}`, external: true };
        return undefined;
      });
    },
  };
}

/**
 * The published JavaScript carries no comments: the documentation lives in the `.d.ts`, where editors
 * read it. Comments are blanked in place (each character a space, newlines kept), so every line and
 * column, and with them the source maps, stay as they were; annotations bundlers act on
 * (`@__PURE__`, `#__NO_SIDE_EFFECTS__`) and the source-map link are kept.
 */
const withoutComments = {
  name: "crmkit-without-comments",
  renderChunk(code: string) {
    const file = ts.createSourceFile("chunk.js", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const ranges = new Map<number, number>();
    const collect = (pos: number) => {
      for (const range of [...(ts.getLeadingCommentRanges(code, pos) ?? []), ...(ts.getTrailingCommentRanges(code, pos) ?? [])]) ranges.set(range.pos, range.end);
    };
    const visit = (node: ts.Node) => {
      collect(node.getFullStart());
      collect(node.getEnd());
      ts.forEachChild(node, visit);
    };
    visit(file);
    collect(file.endOfFileToken.getFullStart());
    let out = code;
    for (const [pos, end] of ranges) {
      const text = code.slice(pos, end);
      if (/[@#]__(PURE|NO_SIDE_EFFECTS)__|^\/\/# sourceMappingURL=/.test(text)) continue;
      out = out.slice(0, pos) + text.replace(/[^\n]/g, " ") + out.slice(end);
    }
    return { code: out.replace(/[ \t]+$/gm, "") };
  },
};

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
    plugins: [withoutComments],
  };
}
