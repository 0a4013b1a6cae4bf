// @ts-check
/** The per-vendor API reference: Redocly's build-docs, then made to work with no network at all. */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const REDOCLY_CLI = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const TEMPLATE = new URL("./reference.hbs", import.meta.url);
const CONFIG = new URL("./redocly.yaml", import.meta.url);

/**
 * @typedef {object} CodeSample
 * @property {string} lang   Redoc's language key (for highlighting)
 * @property {string} [label]  the tab's title; Redoc matches a sample to a configured language by it
 * @property {string} source
 */

/**
 * Writes the reference for one bundled spec to `outFile`. `codeSamples` (operationId → samples) are
 * added to the operations as `x-codeSamples`, which Redoc shows beside the request and response
 * samples; the bundled spec itself is left as it is.
 * @param {{ specFile: string, outFile: string, title: string, vendor: string, codeSamples?: Map<string, CodeSample[]> }} job
 */
export async function buildReference({ specFile, outFile, title, vendor, codeSamples }) {
  const work = codeSamples ? await mkdtemp(path.join(tmpdir(), "crmkit-reference-")) : undefined;
  try {
    const input = work ? path.join(work, path.basename(specFile)) : specFile;
    if (work && codeSamples) await writeFile(input, JSON.stringify(withCodeSamples(JSON.parse(await readFile(specFile, "utf8")), codeSamples)));
    await renderReference(input, outFile, title, vendor);
  } finally {
    if (work) await rm(work, { recursive: true, force: true });
  }
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/**
 * The spec with each operation's code samples in front of any it already had. Fails when a sample
 * names an operation the spec lacks, so a renamed operation cannot leave its sample behind silently.
 * @param {any} spec
 * @param {Map<string, CodeSample[]>} codeSamples
 */
export function withCodeSamples(spec, codeSamples) {
  const unused = new Set(codeSamples.keys());
  for (const item of Object.values(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      const samples = op?.operationId ? codeSamples.get(op.operationId) : undefined;
      if (!samples) continue;
      op["x-codeSamples"] = [...samples, ...(op["x-codeSamples"] ?? [])];
      unused.delete(op.operationId);
    }
  }
  if (unused.size) throw new Error(`code samples for operations the spec does not have: ${[...unused].slice(0, 5).join(", ")}`);
  return spec;
}

/**
 * @param {string} specFile
 * @param {string} outFile
 * @param {string} title
 * @param {string} vendor
 */
async function renderReference(specFile, outFile, title, vendor) {
  await runRedocly([
    "build-docs",
    specFile,
    // Embeds Redoc's script instead of importing it from cdn.redocly.com.
    "--inlineBundle",
    "--output",
    outFile,
    "--title",
    title,
    "--template",
    fileURLToPath(TEMPLATE),
    "--config",
    fileURLToPath(CONFIG),
    `--templateOptions.vendor=${vendor}`,
  ]);
  const html = await readFile(outFile, "utf8");
  await writeFile(outFile, makeOffline(html, outFile));
}

/**
 * Redoc's inline bundle still reaches for the CDN in two places: the "API docs by Redocly" logo, and
 * the base URLs of its icon sets (language icons on code samples, icon names in markdown). The logo
 * becomes a local file; icons become an empty inline SVG, so nothing is fetched. Anything else that
 * still names a CDN or a remote script, stylesheet or font fails the build.
 * @param {string} html
 * @param {string} where  for error messages
 */
export function makeOffline(html, where) {
  let out = html
    .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini-full\.svg/g, "../assets/redocly-logo.svg")
    .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini\.svg/g, "../assets/redocly-logo-mini.svg")
    // The icon component appends "/<style>/<name>.svg"; after "#" that is a fragment, not a fetch.
    .replace(/https:\/\/cdn\.redocly\.com\/icons\/[a-z-]+\/[0-9.]+/g, "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E#");

  const leftovers = [...new Set(out.match(/https?:\/\/[a-z0-9.-]*(?:cdn|fonts\.googleapis|fonts\.gstatic|unpkg|jsdelivr)[a-z0-9.-]*[^\s"'`)]*/gi) ?? [])];
  if (leftovers.length > 0) {
    throw new Error(`${where}: the API reference still loads from the network: ${leftovers.slice(0, 5).join(", ")}. Update makeOffline() in docs/src/reference.js.`);
  }
  const remoteTags = out.match(/<(?:script|link|img)\b[^>]*\b(?:src|href)=["']?(?:https?:)?\/\/[^>]*>/gi);
  if (remoteTags) throw new Error(`${where}: remote resource tags in the API reference: ${remoteTags.slice(0, 3).join(" ")}`);
  if (!out.includes('"disableTelemetry":true')) {
    throw new Error(`${where}: Redoc's telemetry is not disabled in the reference (expected "disableTelemetry":true in its options)`);
  }
  return out;
}

/** @param {string[]} args */
function runRedocly(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REDOCLY_CLI, ...args], {
      // Set here, not in the caller's environment: turbo's strict env mode would drop them.
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(undefined);
      else reject(new Error(`redocly ${args.slice(0, 2).join(" ")} exited with ${code}:\n${output.trim()}`));
    });
  });
}
