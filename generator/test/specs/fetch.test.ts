import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fetchPinnedSpec, sha256, SpecFetchError } from "../../src/specs/fetch.js";

const content = "openapi: 3.0.0\ninfo: { title: t, version: '1' }\npaths: {}\n";
const pin = { url: "https://raw.githubusercontent.com/acme/specs/abc123/openapi.yaml", commit: "abc123", sha256: sha256(content) };
/** Stands in for the network: every request fails as a machine without internet would. */
const offline = (async () => {
  throw new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } });
}) as unknown as typeof fetch;

function mirrorDir(body = content) {
  const dir = mkdtempSync(join(tmpdir(), "crmkit-mirror-"));
  mkdirSync(join(dir, "acme", "specs", "abc123"), { recursive: true });
  writeFileSync(join(dir, "acme", "specs", "abc123", "openapi.yaml"), body);
  return dir;
}

describe("fetchPinnedSpec", () => {
  it("copies a file from a mirror directory into the cache, then serves the cache", async () => {
    const cache = join(mkdtempSync(join(tmpdir(), "crmkit-cache-")), "acme", "openapi.yaml");
    const mirror = mirrorDir();
    const first = await fetchPinnedSpec(pin, cache, { mirror, fetch: offline });
    expect(first).toEqual({ source: join(mirror, "acme", "specs", "abc123", "openapi.yaml"), cached: false });
    expect(readFileSync(cache, "utf8")).toBe(content);
    expect(await fetchPinnedSpec(pin, cache, { fetch: offline })).toEqual({ source: cache, cached: true });
  });

  it("resolves a relative mirror against the workspace root", async () => {
    const root = mirrorDir();
    const cache = join(mkdtempSync(join(tmpdir(), "crmkit-cache-")), "s.yaml");
    await fetchPinnedSpec(pin, cache, { mirror: ".", workspaceRoot: root, fetch: offline });
    expect(readFileSync(cache, "utf8")).toBe(content);
  });

  it("downloads from a mirror base URL served on 127.0.0.1", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/acme/specs/abc123/openapi.yaml") res.end(content);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const cache = join(mkdtempSync(join(tmpdir(), "crmkit-cache-")), "s.yaml");
      expect((await fetchPinnedSpec(pin, cache, { mirror: base })).source).toBe(`${base}/acme/specs/abc123/openapi.yaml`);
    } finally {
      server.close();
    }
  });

  it("refuses a file whose checksum differs from the pin", async () => {
    const cache = join(mkdtempSync(join(tmpdir(), "crmkit-cache-")), "s.yaml");
    const error = await fetchPinnedSpec(pin, cache, { mirror: mirrorDir(content + "# tampered\n"), fetch: offline }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecFetchError);
    expect((error as Error).message).toMatch(/^refusing .*openapi\.yaml: its sha256 is [0-9a-f]{64}, but the pin says [0-9a-f]{64}/);
    expect(() => readFileSync(cache)).toThrow();
  });

  it("names the URL that failed and the variable when neither network nor mirror has the file", async () => {
    const cache = join(mkdtempSync(join(tmpdir(), "crmkit-cache-")), "s.yaml");
    const empty = mkdtempSync(join(tmpdir(), "crmkit-empty-"));
    const withMirror = (await fetchPinnedSpec(pin, cache, { mirror: empty, fetch: offline }).catch((e: unknown) => e)) as Error;
    expect(withMirror.message).toContain(`could not get ${pin.url}`);
    expect(withMirror.message).toContain(`${pin.url}: ENOTFOUND`);
    expect(withMirror.message).toContain(`Check that CRMKIT_SPEC_MIRROR (${empty}) holds the file.`);
    const without = (await fetchPinnedSpec(pin, cache, { fetch: offline }).catch((e: unknown) => e)) as Error;
    expect(without.message).toContain("To work offline, set CRMKIT_SPEC_MIRROR to a directory or base URL");
  });
});
