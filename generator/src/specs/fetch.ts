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
  options: { mirror?: string; workspaceRoot?: string; fetch?: typeof fetch } = {},
): Promise<{ source: string; cached: boolean }> {
  const expected = pin.sha256.toLowerCase();
  try {
    const existing = readFileSync(cacheFile);
    if (sha256(existing) === expected) return { source: cacheFile, cached: true };
  } catch {
    // not cached yet
  }
  const attempts: string[] = [];
  const candidates: Array<{ label: string; load: () => Promise<Buffer> }> = [];
  const mirror = options.mirror;
  if (mirror) {
    if (!pin.url.startsWith(MIRRORED_HOST)) {
      attempts.push(`${MIRROR_VARIABLE} only mirrors ${MIRRORED_HOST}, not ${pin.url}`);
    } else if (/^https?:\/\//.test(mirror)) {
      const url = mirror.replace(/\/$/, "") + pin.url.slice(MIRRORED_HOST.length);
      candidates.push({ label: url, load: () => download(url, options.fetch) });
    } else {
      const base = isAbsolute(mirror) ? mirror : resolve(options.workspaceRoot ?? process.cwd(), mirror);
      const file = join(base, ...pin.url.slice(MIRRORED_HOST.length).split("/").filter(Boolean));
      candidates.push({ label: file, load: async () => readFileSync(file) });
    }
  }
  candidates.push({ label: pin.url, load: () => download(pin.url, options.fetch) });

  for (const candidate of candidates) {
    let bytes: Buffer;
    try {
      bytes = await candidate.load();
    } catch (error) {
      attempts.push(`${candidate.label}: ${(error as Error).message}`);
      continue;
    }
    const actual = sha256(bytes);
    if (actual !== expected) {
      throw new SpecFetchError(
        `refusing ${candidate.label}: its sha256 is ${actual}, but the pin says ${expected}. ` +
          "If upstream really changed, review the new file and update the pin.",
      );
    }
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, cacheFile);
    return { source: candidate.label, cached: false };
  }
  throw new SpecFetchError(
    `could not get ${pin.url}:\n  ${attempts.join("\n  ")}\n` +
      (mirror
        ? `Check that ${MIRROR_VARIABLE} (${mirror}) holds the file.`
        : `To work offline, set ${MIRROR_VARIABLE} to a directory or base URL that mirrors ${MIRRORED_HOST}.`),
  );
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
