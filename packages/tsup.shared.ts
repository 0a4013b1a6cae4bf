import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Options } from "tsup";
import ts from "typescript";

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
    plugins: [withoutComments],
    esbuildOptions(options) {
      // Chunks keep their module's name without a hash: each resource's import() names its file in the
      // entry, so a hash would be bytes every bundle of the client carries (a program's bundler rehashes).
      options.chunkNames = "[name]";
    },
  };
}

/**
 * A vendor package's build: the shared one, with @crmkit/runtime's code bundled into the package's own
 * files. A program then loads one package instead of two (resolving a second package through its exports
 * map is most of what a cold `import()` of a vendor package used to cost beyond openapi-fetch's); the
 * runtime's optional parts stay separate files loaded on first use. The `.d.ts` still import the runtime's
 * types from @crmkit/runtime, which stays a dependency, and the error classes match across copies (see
 * ERROR_CLASS in packages/runtime/src/errors.ts).
 */
export function vendorBuild(entry: string, subpaths: Record<string, string> = {}): Options {
  return { ...packageBuild(entry, subpaths), noExternal: ["@crmkit/runtime"], plugins: [withoutComments, withoutGeneratedSources] };
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
 * Source maps keep the text of hand-written sources (the runtime's, for stepping through retries and
 * errors in a debugger) but not of generated ones (`*.gen.ts`): those are mostly type declarations and
 * their documentation, whose JavaScript is a few lines, so their text would make a package's maps grow
 * with its API (megabytes for Accelo) while the same declarations ship in the `.d.ts`. Positions still
 * map to the generated file names and lines. Each map is rewritten through a temporary file and a rename.
 */
const withoutGeneratedSources = {
  name: "crmkit-without-generated-sources",
  buildEnd({ writtenFiles }: { writtenFiles: ReadonlyArray<{ readonly name: string }> }) {
    for (const { name } of writtenFiles) {
      if (!name.endsWith(".map")) continue;
      const map = JSON.parse(readFileSync(name, "utf8")) as { sources?: string[]; sourcesContent?: Array<string | null> };
      if (!map.sources || !map.sourcesContent) continue;
      let changed = false;
      map.sourcesContent = map.sourcesContent.map((text, i) => {
        if (text === null || !/\.gen\.ts$/.test(map.sources![i] ?? "")) return text;
        changed = true;
        return null;
      });
      if (!changed) continue;
      writeFileSync(`${name}.tmp`, JSON.stringify(map));
      renameSync(`${name}.tmp`, name);
    }
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
    plugins: [withoutComments, withoutGeneratedSources],
  };
}
