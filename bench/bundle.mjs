// bundle: minified, gzipped browser bundle (esbuild) of a program that creates one vendor client and
// calls one method, against the same call through openapi-fetch alone.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BENCH_DIR, ROOT_DIR, VENDORS } from "./lib.mjs";

const FIXTURES = join(BENCH_DIR, "fixtures", "bundle");

async function bundle(entry, extra = {}) {
  const result = await build({
    ...(typeof entry === "string" ? { entryPoints: [join(FIXTURES, entry)] } : { stdin: { ...entry, resolveDir: FIXTURES } }),
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    ...extra,
  });
  const code = result.outputFiles[0].contents;
  // Which files the bytes come from (minified, before gzip), largest first.
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([file, { bytesInOutput }]) => ({ file: shortName(file), bytes: bytesInOutput }))
    .filter((i) => i.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, inputs };
}

// node_modules/.pnpm/<pkg>@<v>/node_modules/<pkg>/dist/x.js → <pkg>/dist/x.js; workspace files relative to the root.
function shortName(file) {
  const absolute = join(BENCH_DIR, file);
  const inModules = absolute.lastIndexOf("node_modules/");
  return inModules >= 0 ? absolute.slice(inModules + "node_modules/".length) : relative(ROOT_DIR, absolute);
}

const crmkit = await bundle("crmkit.js");
const openapiFetch = await bundle("openapi-fetch.js");

// For the analysis: the same program with the runtime and client split by source file (the dist files are
// single bundles), the share of crmkit's own code (openapi-fetch left out), and every vendor's client.
const bySourceFile = await bundle("crmkit.js", {
  alias: { "@crmkit/runtime": join(ROOT_DIR, "packages/runtime/src/index.ts"), "@crmkit/wealthbox": join(ROOT_DIR, "packages/wealthbox/src/index.gen.ts") },
}).catch((error) => ({ error: error.message }));
const withoutOpenapiFetch = await bundle("crmkit.js", { external: ["openapi-fetch"] });
// The runtime with no vendor at all: a one-operation definition written by hand, openapi-fetch left out.
const runtimeAlone = await bundle(
  {
    contents:
      'import { ClientCore } from "@crmkit/runtime";\n' +
      'const core = new ClientCore({ name: "Bench", servers: [{ url: "https://example.com" }], securitySchemes: {}, security: [] }, {});\n' +
      'core.request({ method: "GET", path: "/things/{id}" }, { id: 1 }).then(console.log);\n',
  },
  { external: ["openapi-fetch"] },
);
const perVendor = {};
for (const vendor of VENDORS) {
  const index = readFileSync(join(ROOT_DIR, "packages", vendor, "src", "index.gen.ts"), "utf8");
  const factory = index.match(/\bcreate\w+Client\b/)?.[0];
  if (!factory) throw new Error(`packages/${vendor}/src/index.gen.ts exports no create…Client`);
  // Every resource class is reachable from the client's constructor, so no method call changes the size.
  const { gzipBytes, minifiedBytes } = await bundle({ contents: `import { ${factory} } from "@crmkit/${vendor}";\nconsole.log(${factory}({}));\n` });
  perVendor[vendor] = { gzipBytes, minifiedBytes };
}
console.log(
  JSON.stringify({
    result: { crmkit_gzip_bytes: crmkit.gzipBytes, openapi_fetch_gzip_bytes: openapiFetch.gzipBytes },
    details: {
      vendor: "wealthbox",
      crmkit,
      openapiFetch,
      crmkitBySourceFile: bySourceFile.inputs ?? bySourceFile,
      crmkitWithoutOpenapiFetch: { minifiedBytes: withoutOpenapiFetch.minifiedBytes, gzipBytes: withoutOpenapiFetch.gzipBytes },
      runtimeAlone: { minifiedBytes: runtimeAlone.minifiedBytes, gzipBytes: runtimeAlone.gzipBytes },
      perVendor,
    },
  }),
);
