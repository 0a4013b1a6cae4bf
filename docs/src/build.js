// @ts-check
/**
 * Builds the docs site into docs/dist from the bundled specs (specs/dist/<vendor>.json):
 *   index.html                 every vendor: install, auth, first call, pagination; errors
 *   <vendor>/index.html        usage guide
 *   <vendor>/reference.html    Redocly API reference, self-contained
 *   mcp.html                   the MCP servers, from the built @crmkit/<vendor>-mcp packages
 *   <vendor>/webhooks.html     receiving the vendor's webhooks (vendors that send them)
 * Nothing on the site loads from the network.
 */
import { buildModel, loadDocument } from "@crmkit/generator";
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { vendorFacts } from "./facts.js";
import { loadMcpServers, mcpPage } from "./mcp.js";
import { guidePage, landingPage, shortName, webhooksPage } from "./pages.js";
import { buildReference } from "./reference.js";

const require = createRequire(import.meta.url);
const SOURCE_DIR = path.dirname(fileURLToPath(import.meta.url));
const OUT_DIR = path.resolve(SOURCE_DIR, "..", "dist");
const SPECS_DIR = path.join(path.dirname(require.resolve("@crmkit/specs/package.json")), "dist");

async function main() {
  const started = performance.now();
  const files = (await readdir(SPECS_DIR).catch(() => [])).filter((f) => f.endsWith(".json"));
  if (files.length === 0) {
    throw new Error(`no bundled specs in ${SPECS_DIR}; run \`turbo run bundle --filter=@crmkit/specs\` (or the full build) first`);
  }
  const vendors = files
    .map((f) => f.slice(0, -".json".length))
    .map((slug) => vendorFacts(slug, buildModel(loadDocument(path.join(SPECS_DIR, `${slug}.json`)))))
    .sort((a, b) => a.title.localeCompare(b.title, "en"));

  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  await cp(path.join(SOURCE_DIR, "assets"), path.join(OUT_DIR, "assets"), { recursive: true });
  await cp(path.join(SOURCE_DIR, "style.css"), path.join(OUT_DIR, "style.css"));
  await writeFile(path.join(OUT_DIR, "index.html"), landingPage(vendors));
  await writeFile(path.join(OUT_DIR, "mcp.html"), mcpPage(await loadMcpServers(vendors), vendors));
  for (const v of vendors) {
    await mkdir(path.join(OUT_DIR, v.slug), { recursive: true });
    await writeFile(path.join(OUT_DIR, v.slug, "index.html"), guidePage(v, vendors));
    if (v.webhooks) await writeFile(path.join(OUT_DIR, v.slug, "webhooks.html"), webhooksPage(v, vendors));
  }
  // Two at a time: each Redocly run is one busy core.
  await inBatches(vendors, 2, (v) =>
    buildReference({
      specFile: path.join(SPECS_DIR, `${v.slug}.json`),
      outFile: path.join(OUT_DIR, v.slug, "reference.html"),
      title: `${v.title} reference · crmkit`,
      vendor: shortName(v),
    }),
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`docs: ${vendors.length} vendors (${vendors.map((v) => v.slug).join(", ")}) → ${path.relative(process.cwd(), OUT_DIR) || "."} in ${seconds} s`);
}

/**
 * @template T
 * @param {T[]} items
 * @param {number} size
 * @param {(item: T) => Promise<unknown>} work
 */
async function inBatches(items, size, work) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
