// Serves docs/dist on 127.0.0.1 and drives Debian's Chromium through every page: no console errors,
// no failed requests, no request that leaves 127.0.0.1; the reference's search finds an operation.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allVendorFacts } from "./support/vendors.js";

const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(DOCS_DIR, "dist");
const OUTPUT = path.join(DOCS_DIR, "test-output");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const skipReason = !existsSync(CHROMIUM) && process.env.CI !== "true" ? `${CHROMIUM} is missing (install Debian's chromium); CI is not "true"` : undefined;
if (skipReason) console.warn(`docs site test skipped: ${skipReason}`);

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
};

/** A static file server for docs/dist: a directory serves its index.html, anything else is 404. */
function serveDist(): Promise<Server> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    let file = path.join(DIST, pathname);
    if (!file.startsWith(DIST)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${pathname}`);
    res.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Every HTML page in dist, as a URL path: "/", "/accelo/", "/accelo/reference.html", ... */
function sitePages(): string[] {
  const pages: string[] = [];
  if (!existsSync(DIST)) return pages; // beforeAll reports the missing build
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) {
        const rel = "/" + path.relative(DIST, full).split(path.sep).join("/");
        pages.push(rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel);
      }
    }
  };
  walk(DIST);
  return pages.sort();
}

const vendors = allVendorFacts();

describe.skipIf(skipReason !== undefined)("docs site in Chromium", () => {
  let server: Server;
  let origin = "";
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, "index.html"))) throw new Error(`${DIST}/index.html is missing; run the docs build first (pnpm --filter @crmkit/docs build)`);
    rmSync(OUTPUT, { recursive: true, force: true });
    mkdirSync(OUTPUT, { recursive: true });
    server = await serveDist();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /**
   * A fresh page that records every problem: console errors, uncaught exceptions, failed requests,
   * HTTP errors, and requests to anywhere but the test server (those are aborted before they leave).
   */
  async function openPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block" });
    const page = await context.newPage();
    const problems: string[] = [];
    const local = (url: string) => url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:");
    await context.route(
      (url) => !local(url.href),
      (route) => {
        problems.push(`request leaving 127.0.0.1: ${route.request().url()}`);
        return route.abort("blockedbyclient");
      },
    );
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    page.on("requestfailed", (request) => {
      if (local(request.url())) problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`);
    });
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    return { page, problems };
  }

  const screenshotName = (pagePath: string, suffix = "") =>
    path.join(OUTPUT, `${pagePath.replace(/\.html$/, "").replace(/^\/|\/$/g, "").replace(/\//g, "-") || "index"}${suffix}.png`);

  it("lists the landing page, the MCP page, a guide and a reference per vendor", () => {
    const expected = ["/", "/mcp.html", ...vendors.flatMap((v) => [`/${v.slug}/`, `/${v.slug}/reference.html`, ...(v.webhooks ? [`/${v.slug}/webhooks.html`] : [])])].sort();
    expect(vendors.filter((v) => v.webhooks).map((v) => v.slug)).toEqual(["accelo", "onepagecrm", "proworkflow"]);
    expect(sitePages()).toEqual(expected);
  });

  it.each(sitePages())("opens %s with no errors and no outside requests", async (pagePath) => {
    const { page, problems } = await openPage();
    try {
      await page.goto(origin + pagePath, { waitUntil: "load" });
      await page.waitForLoadState("networkidle");
      const vendor = vendors.find((v) => pagePath.startsWith(`/${v.slug}/`));
      if (pagePath.endsWith("reference.html")) {
        // Redoc has hydrated and indexed the spec once its search box stops saying "Loading".
        await page.getByTestId("search-trigger").filter({ hasText: "Search" }).waitFor({ state: "visible" });
        expect(await page.locator("h1").first().innerText()).toContain(vendor!.title);
        await page.screenshot({ path: screenshotName(pagePath) });
      } else {
        const text = await page.locator("main").innerText();
        if (pagePath === "/mcp.html") {
          for (const v of vendors) {
            expect(text).toContain(`npm install ${v.packageName}-mcp`);
            expect(text).toContain(`"command": "npx"`);
          }
          expect(text).toContain("list_operations");
        } else if (vendor && pagePath.endsWith("webhooks.html")) {
          // The receiver example and every event name the spec documents.
          expect(text).toContain(`from "${vendor.packageName}/webhooks"`);
          expect(text).toContain("parseWebhook(request");
          for (const e of vendor.webhooks!.events) expect(text).toContain(e.name);
        } else if (vendor) {
          expect(text).toContain(`npm install ${vendor.packageName}`);
          expect(text).toContain(`${vendor.factory}({`);
          for (const option of vendor.exampleOptions) expect(text).toContain(`${option}:`);
          expect(text).toContain(`client.${vendor.firstCall.resource}.${vendor.firstCall.method}(`);
          expect(text).toContain(".pages()");
          expect(text).toContain("RateLimitError");
          if (vendor.webhooks) expect(text).toContain(`${vendor.webhooks.entry}`);
        } else {
          for (const v of vendors) {
            expect(text).toContain(`npm install ${v.packageName}`);
            expect(text).toContain(`${v.factory}({`);
          }
          expect(text).toContain("CrmApiError");
        }
        // Every link on our own pages resolves on the site, and every in-page anchor has its target.
        const missingAnchors = await page.locator('a[href^="#"]').evaluateAll((as) =>
          as.map((a) => a.getAttribute("href")!.slice(1)).filter((id) => !document.getElementById(id)),
        );
        expect(missingAnchors).toEqual([]);
        const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const link of new Set(links.filter((l) => l.startsWith(origin)))) {
          const response = await page.request.get(link.split("#")[0]!);
          expect(response.status(), link).toBe(200);
        }
        await page.screenshot({ path: screenshotName(pagePath), fullPage: true });
      }
      await page.waitForTimeout(300);
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it.each(vendors.map((v) => [v.slug, v] as const))("the %s reference's search finds the first list operation", async (_slug, v) => {
    const { page, problems } = await openPage();
    try {
      await page.goto(`${origin}/${v.slug}/reference.html`, { waitUntil: "load" });
      await page.waitForLoadState("networkidle");
      await page.getByTestId("search-trigger").filter({ hasText: "Search" }).click();
      const query = v.firstCall.resource;
      await page.keyboard.type(query);
      // The hit for the operation links to its route, which ends in the operationId.
      const hit = page
        .getByTestId("search-dialog")
        .locator(`a[data-component-name="Search/SearchItem"][href$="/${v.firstCall.operationId.toLowerCase()}"]`)
        .first();
      await hit.waitFor({ state: "visible", timeout: 15_000 });
      expect(await hit.innerText()).toContain(v.firstCall.summary);
      await page.screenshot({ path: screenshotName(`/${v.slug}/reference`, "-search") });
      await hit.click();
      // Choosing the hit routes to the operation (hash routing) and shows its heading.
      await page.waitForURL(new RegExp(`#/.*${v.firstCall.operationId.toLowerCase()}$`), { timeout: 15_000 });
      await page.locator("h1, h2").filter({ hasText: v.firstCall.summary, visible: true }).first().waitFor({ state: "visible", timeout: 15_000 });
      // Redoc scrolls to the operation after routing; let the scroll settle before the picture.
      await page.waitForFunction(
        () =>
          new Promise((resolve) => {
            const y = window.scrollY;
            setTimeout(() => resolve(window.scrollY === y), 250);
          }),
        undefined,
        { timeout: 10_000 },
      );
      await page.screenshot({ path: screenshotName(`/${v.slug}/reference`, "-operation") });
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
