import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** `<vendor>/upstream.json`: a published spec, pinned. */
export interface UpstreamPin {
  url: string;
  commit?: string;
  sha256: string;
}

export const MIRROR_VARIABLE = "CRMKIT_SPEC_MIRROR";
const MIRRORED_HOST = "https://raw.githubusercontent.com";

export class SpecFetchError extends Error {
  override readonly name = "SpecFetchError";
}

/**
 * Makes sure the pinned file is in `cacheFile`, downloading it when missing, and refuses any file whose
 * sha256 differs from the pin. `mirror` (a directory or base URL standing in for
 * raw.githubusercontent.com) is tried before the network.
 */
export async function fetchPinnedSpec(
  pin: UpstreamPin,
  cacheFile: string,
  options: SourceOptions = {},
): Promise<{ source: string; cached: boolean }> {
  const expected = pin.sha256.toLowerCase();
  try {
    const existing = readFileSync(cacheFile);
    if (sha256(existing) === expected) return { source: cacheFile, cached: true };
  } catch {
    // not cached yet
  }
  const found = await readFromSources(pin.url, options, (bytes, label) => {
    const actual = sha256(bytes);
    if (actual !== expected) {
      throw new SpecFetchError(
        `refusing ${label}: its sha256 is ${actual}, but the pin says ${expected}. ` +
          "If upstream really changed, review the new file and move the pin with `crmkit-specs update`.",
      );
    }
  });
  mkdirSync(dirname(cacheFile), { recursive: true });
  const temp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temp, found.bytes);
  renameSync(temp, cacheFile);
  return { source: found.source, cached: false };
}

export interface SourceOptions {
  mirror?: string;
  workspaceRoot?: string;
  fetch?: typeof fetch;
}

/**
 * Reads a raw.githubusercontent.com URL from the mirror (`CRMKIT_SPEC_MIRROR`: a directory or a base URL)
 * first, then from the network. `check` may refuse what was read (it throws); other failures move on to
 * the next source, and when every source fails the error lists each attempt.
 */
export async function readFromSources(
  url: string,
  options: SourceOptions,
  check: (bytes: Buffer, label: string) => void = () => {},
): Promise<{ bytes: Buffer; source: string }> {
  const attempts: string[] = [];
  const candidates: Array<{ label: string; load: () => Promise<Buffer> }> = [];
  const mirror = options.mirror;
  if (mirror) {
    const mirrored = mirrorLocation(url, mirror, options.workspaceRoot);
    if (!mirrored) attempts.push(`${MIRROR_VARIABLE} only mirrors ${MIRRORED_HOST}, not ${url}`);
    else if (/^https?:\/\//.test(mirrored)) candidates.push({ label: mirrored, load: () => download(mirrored, options.fetch) });
    else candidates.push({ label: mirrored, load: async () => readFileSync(mirrored) });
  }
  candidates.push({ label: url, load: () => download(url, options.fetch) });

  for (const candidate of candidates) {
    let bytes: Buffer;
    try {
      bytes = await candidate.load();
    } catch (error) {
      attempts.push(`${candidate.label}: ${(error as Error).message}`);
      continue;
    }
    check(bytes, candidate.label);
    return { bytes, source: candidate.label };
  }
  throw new SpecFetchError(
    `could not get ${url}:\n  ${attempts.join("\n  ")}\n` +
      (mirror
        ? `Check that ${MIRROR_VARIABLE} (${mirror}) holds the file.`
        : `To work offline, set ${MIRROR_VARIABLE} to a directory or base URL that mirrors ${MIRRORED_HOST}.`),
  );
}

/** Where the mirror keeps a raw.githubusercontent.com URL: a file path or a URL; `undefined` for other hosts. */
export function mirrorLocation(url: string, mirror: string, workspaceRoot?: string): string | undefined {
  if (!url.startsWith(`${MIRRORED_HOST}/`)) return undefined;
  const rest = url.slice(MIRRORED_HOST.length);
  if (/^https?:\/\//.test(mirror)) return mirror.replace(/\/$/, "") + rest;
  const base = isAbsolute(mirror) ? mirror : resolve(workspaceRoot ?? process.cwd(), mirror);
  return join(base, ...rest.split("/").filter(Boolean));
}

async function download(url: string, fetchImpl: typeof fetch = fetch): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(cause?.code ?? cause?.message ?? (error as Error).message);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
