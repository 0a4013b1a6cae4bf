// bundle: what a browser program downloads (esbuild, minify, browser, ESM with code splitting, gzip): one
// client making one call, each vendor's client only being created, and the same call through openapi-fetch.
// Also the published files: dist/*.js against their own minified size, the packed tarball and the
// installed size with dependencies.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { bundleCosts } from "./bundle-costs.mjs";
import { BENCH_DIR, ROOT_DIR, VENDORS } from "./lib.mjs";

const FIXTURES = join(BENCH_DIR, "fixtures", "bundle");
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

const OUT_DIR = join(BENCH_DIR, ".bundle-out");

/** esbuild as a browser app's bundler runs it, on a fixture file or on `{ contents }`, nothing written. */
function browserBuild(entry, extra) {
  return build({
    ...(typeof entry === "string" ? { entryPoints: [join(FIXTURES, entry)] } : { stdin: { ...entry, resolveDir: FIXTURES } }),
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    outdir: OUT_DIR,
    logLevel: "silent",
    ...extra,
  });
}

/**
 * Bundles a program with code splitting, as browser bundlers do by default for dynamic imports. What
 * the program downloads is the entry, every chunk it imports statically, and the lazily loaded chunks
 * whose inputs match `loads` (the modules the program's run actually imports).
 */
async function bundle(entry, { loads = [], splitting = true, ...extra } = {}) {
  const result = await browserBuild(entry, { metafile: true, splitting, ...extra });
  // Metafile keys are relative to the working directory; output files carry absolute paths.
  const files = new Map(result.outputFiles.map((f) => [relative(process.cwd(), f.path), f.contents]));
  const outputs = result.metafile.outputs;
  const key = (path) => path;
  const entryName = typeof entry === "string" ? entry : "stdin.js";
  const entryKey = Object.keys(outputs).find((k) => k.endsWith(`/${entryName}`) || k === entryName || (!splitting && k.endsWith(".js")));
  const loaded = new Set();
  const visit = (k) => {
    if (loaded.has(k)) return;
    loaded.add(k);
    for (const imported of outputs[k].imports) {
      const wanted = imported.kind === "import-statement" || loads.some((re) => Object.keys(outputs[imported.path]?.inputs ?? {}).some((i) => re.test(i)));
      if (wanted && outputs[imported.path]) visit(imported.path);
    }
  };
  visit(entryKey);
  let minifiedBytes = 0;
  let gzipBytes = 0;
  const chunks = [];
  for (const [path, contents] of files) {
    const k = key(path);
    if (!k || !loaded.has(k) || !k.endsWith(".js")) continue;
    minifiedBytes += contents.length;
    gzipBytes += gzip(contents);
    chunks.push({ chunk: k.split("/").pop(), minified: contents.length, gzip: gzip(contents) });
  }
  const lazyGzip = [...files].filter(([path]) => path.endsWith(".js") && !loaded.has(key(path))).reduce((sum, [, c]) => sum + gzip(c), 0);
  return { minifiedBytes, gzipBytes, files: chunks.length, lazyNotLoadedGzip: lazyGzip, chunks: chunks.sort((a, b) => b.gzip - a.gzip) };
}

// What the call itself loads: the contacts resource's rows (the vendor's chunk for ops/contacts.gen.ts).
const oneCall = await bundle("crmkit.js", { loads: [/contacts\.gen/] });
const openapiFetch = await bundle("openapi-fetch.js");
// Octokit, the target's reference: its core alone, and with the plugins for retries, throttling and pagination.
const octokit = await bundle("octokit.js");
const octokitWithPlugins = await bundle("octokit-with-plugins.js");
const oneCallCosts = await entryCosts("crmkit.js", oneCall);
// The same call with every optional feature configured, and iterating a list: everything lazy is loaded.
const everything = await bundle("crmkit-all-features.js", { loads: [/./] });
// Without code splitting every lazily imported module is inlined: what a bundler set up that way ships.
const noSplitting = await bundle("crmkit.js", { splitting: false });

const create = {};
for (const vendor of VENDORS) {
  const index = readFileSync(join(ROOT_DIR, "packages", vendor, "src", "index.gen.ts"), "utf8");
  const factory = index.match(/\bcreate\w+Client\b/)?.[0];
  if (!factory) throw new Error(`packages/${vendor}/src/index.gen.ts exports no create…Client`);
  create[vendor] = await bundle({ contents: `import { ${factory} } from "@crmkit/${vendor}";\nconsole.log(${factory}({ env: false, baseUrl: "https://example.test", accessToken: "t", userId: "u", apiKey: "k", username: "u", password: "p", deployment: "d" }));\n` });
}

/**
 * Where the entry's bytes go (bundle-costs.mjs): the same build with an external source map, which
 * leaves the JavaScript byte for byte as measured (checked), so the parts weighed are the ones shipped.
 */
async function entryCosts(entry, measured) {
  const result = await browserBuild(entry, { splitting: true, sourcemap: "external" });
  const code = result.outputFiles.find((f) => f.path.endsWith(`/${entry}`));
  const map = result.outputFiles.find((f) => f.path.endsWith(`/${entry}.map`));
  const shipped = measured.chunks.find((c) => c.chunk === entry);
  if (!code || !map || !shipped || code.contents.length !== shipped.minified) throw new Error(`bundle: the source-mapped build of ${entry} differs from the measured one`);
  const costs = bundleCosts(code.text, map.text, OUT_DIR, ROOT_DIR);
  return { ...costs, parts: costs.parts.slice(0, 25) };
}

// dist/*.js against the same files minified: comments and JSDoc copied into the JavaScript show here.
const dist = {};
for (const vendor of VENDORS) {
  const dir = join(ROOT_DIR, "packages", vendor, "dist");
  let raw = 0;
  let minified = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".js") || f.endsWith(".cjs"))) {
    const code = readFileSync(join(dir, file), "utf8");
    raw += Buffer.byteLength(code);
    minified += Buffer.byteLength((await transform(code, { minify: true, loader: "js", format: file.endsWith(".cjs") ? "cjs" : "esm" })).code);
  }
  dist[vendor] = { jsBytes: raw, minifiedBytes: minified, ratio: Number((raw / minified).toFixed(2)) };
}

// `npm pack --dry-run`: the tarball and its unpacked size; installed size adds the dependencies' files.
const run = promisify(execFile);
const pack = async (dir) => JSON.parse((await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir })).stdout)[0];
const dirSize = (dir) => readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((sum, d) => (d.isFile() ? sum + statSync(join(d.parentPath, d.name)).size : sum), 0);
const runtimePack = await pack(join(ROOT_DIR, "packages", "runtime"));
// pnpm links each package into its store folder, beside its own dependencies.
const fetchDir = realpathSync(join(ROOT_DIR, "packages", "runtime", "node_modules", "openapi-fetch"));
const helpersDir = realpathSync(join(fetchDir, "..", "openapi-typescript-helpers"));
const thirdParty = dirSize(fetchDir) + dirSize(helpersDir);
const packages = {};
for (const vendor of VENDORS) {
  const p = await pack(join(ROOT_DIR, "packages", vendor));
  packages[vendor] = { tarballBytes: p.size, unpackedBytes: p.unpackedSize, installedBytes: p.unpackedSize + runtimePack.unpackedSize + thirdParty };
}

const ratio = create.accelo.gzipBytes / create.wealthbox.gzipBytes;
console.log(
  JSON.stringify({
    result: {
      crmkit_gzip_bytes: oneCall.gzipBytes,
      openapi_fetch_gzip_bytes: openapiFetch.gzipBytes,
      octokit_gzip_bytes: octokit.gzipBytes,
      octokit_with_plugins_gzip_bytes: octokitWithPlugins.gzipBytes,
      create_gzip_bytes: Object.fromEntries(VENDORS.map((v) => [v, create[v].gzipBytes])),
      create_accelo_vs_wealthbox: Number(ratio.toFixed(3)),
      dist_ratio: Object.fromEntries(VENDORS.map((v) => [v, dist[v].ratio])),
      tarball_bytes: Object.fromEntries(VENDORS.map((v) => [v, packages[v].tarballBytes])),
      installed_bytes: Object.fromEntries(VENDORS.map((v) => [v, packages[v].installedBytes])),
    },
    details: {
      vendor: "wealthbox",
      oneCall,
      oneCallCosts,
      openapiFetch,
      octokit,
      octokitWithPlugins,
      everything,
      noSplitting: { minifiedBytes: noSplitting.minifiedBytes, gzipBytes: noSplitting.gzipBytes },
      create,
      dist,
      packages,
      runtime: { tarballBytes: runtimePack.size, unpackedBytes: runtimePack.unpackedSize },
      thirdPartyBytes: thirdParty,
      fixtures: relative(ROOT_DIR, FIXTURES),
    },
  }),
);
