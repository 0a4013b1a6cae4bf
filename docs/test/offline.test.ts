// The references are Redoc pages; these checks run without a browser, so they also run where
// Chromium is missing.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeOffline } from "../src/reference.js";
import { allVendorFacts } from "./support/vendors.js";

const REDOC_OPTIONS = 'const __redoc_options = {"disableTelemetry":true};';

describe("makeOffline", () => {
  it("points Redoc's logo and icon sets away from the CDN", () => {
    const html = `${REDOC_OPTIONS} src:e?\`https://cdn.redoc.ly/redoc/logo-mini-full.svg\`:\`https://cdn.redoc.ly/redoc/logo-mini.svg\`
      Zo={"font-awesome":\`https://cdn.redocly.com/icons/fa/7.0.0\`,code:\`https://cdn.redocly.com/icons/code/5.24.0\`}`;
    const out = makeOffline(html, "sample");
    expect(out).toContain("../assets/redocly-logo.svg");
    expect(out).toContain("../assets/redocly-logo-mini.svg");
    expect(out).not.toMatch(/cdn\./);
  });

  it.each([
    ["a CDN script", '<script src="https://cdn.redocly.com/redoc/v3/bundles/redoc.standalone.js"></script>'],
    ["a web font", '<link href="https://fonts.googleapis.com/css?family=Roboto" rel="stylesheet">'],
    ["a remote image", '<img src="//images.example.org/logo.png">'],
  ])("refuses %s", (_what, tag) => {
    expect(() => makeOffline(`${REDOC_OPTIONS}${tag}`, "sample")).toThrow(/sample: .*(network|remote)/);
  });

  it("refuses a reference whose Redoc telemetry is on", () => {
    expect(() => makeOffline('const __redoc_options = {"disableTelemetry":false};', "sample")).toThrow(/telemetry/);
  });
});

describe("built references", () => {
  it.each(allVendorFacts().map((v) => [v.slug] as const))("%s embeds Redoc and names no CDN", (slug) => {
    const file = new URL(`../dist/${slug}/reference.html`, import.meta.url);
    expect(existsSync(file), `${file.pathname} (run the docs build first)`).toBe(true);
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(/cdn\.redoc(ly)?\.(ly|com)/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain("hydrate(__redoc_definition");
  });
});
