// @ts-check
/** The site's own pages: the landing page and one usage guide per vendor, as HTML strings. */
import { Marked } from "marked";
import { ERROR_CLASSES, RUNTIME_DEFAULTS, TRANSPORT_ERRORS } from "./facts.js";

/** @typedef {import("./facts.js").VendorFacts} VendorFacts */

const markdown = new Marked({
  gfm: true,
  renderer: {
    // Headings get ids so the guide's table of contents and outside links can point at them.
    heading({ tokens, depth }) {
      const text = this.parser.parseInline(tokens);
      return `<h${depth} id="${slugify(text)}">${text}</h${depth}>\n`;
    },
  },
});

/** @param {string} source */
export function renderMarkdown(source) {
  return /** @type {string} */ (markdown.parse(source, { async: false }));
}

/** @param {string} text */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** @param {string} html */
function slugify(html) {
  return html
    .replace(/<[^>]+>/g, "")
    .toLowerCase()
    .replace(/&[a-z]+;|&#\d+;/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * @param {{ title: string, root: string, body: string, current?: string, vendors: VendorFacts[] }} page
 *   root: relative path from the page to the site root ("" or "../")
 */
function layout({ title, root, body, current, vendors }) {
  const links = vendors
    .map((v) => `<a href="${root}${v.slug}/index.html"${current === v.slug ? ' aria-current="page"' : ""}>${escapeHtml(shortName(v))}</a>`)
    .join("\n        ");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="${root}assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${root}style.css">
</head>
<body>
  <header class="site-header">
    <nav>
      <a class="brand" href="${root}index.html">crmkit</a>
      <span class="vendors">
        ${links}
      </span>
    </nav>
  </header>
  <main>
${body}
  </main>
  <footer class="site-footer">Generated from the bundled OpenAPI specs in <code>specs/</code>. API references rendered with Redocly.</footer>
</body>
</html>
`;
}

/**
 * The vendor's name from the spec's title: "OnePageCRM API" → "OnePageCRM", "ProWorkflow API v3" → "ProWorkflow".
 * @param {VendorFacts} v
 */
export function shortName(v) {
  return v.title.replace(/\s+API\b.*$/i, "") || v.title;
}

/**
 * "Accelo API v0" stays as it is; "OnePageCRM API" with version 3.0 becomes "OnePageCRM API 3.0".
 * @param {VendorFacts} v
 */
function titleWithVersion(v) {
  const version = v.version.replace(/^v/i, "");
  return new RegExp(`\\bv?${version.replace(/\./g, "\\.")}\\b`, "i").test(v.title) ? v.title : `${v.title} ${v.version}`;
}

/** @param {VendorFacts} v */
export function setupSnippet(v) {
  const options = v.exampleOptions.map((o) => `  ${o}: process.env.${v.exampleEnv[o]}!,`).join("\n");
  return `import { ${v.factory} } from "${v.packageName}";

const client = ${v.factory}({
${options}
});`;
}

/**
 * Which alternative (1-based) the client picks with the example's options, as the runtime does.
 * @param {VendorFacts} v
 */
function chosenAlternative(v) {
  const given = new Set(v.exampleOptions);
  return v.authAlternatives.findIndex((alt) => alt.every((s) => s.options.every((o) => given.has(o)))) + 1;
}

/** @param {VendorFacts} v */
function firstCallSnippet(v) {
  const c = v.firstCall;
  return `// ${c.httpMethod} ${c.path}: ${c.summary}
for await (const ${c.itemName} of client.${c.resource}.${c.method}(${c.paramsLiteral}, { maxItems: 500 })) {
  console.log(${c.itemName});
}`;
}

/** @param {VendorFacts} v */
function pagesSnippet(v) {
  const c = v.firstCall;
  return `// Page by page, at most 3 pages; each page has its items, payload and Response.
for await (const page of client.${c.resource}.${c.method}(${c.paramsLiteral}, { maxPages: 3 }).pages()) {
  console.log(page.position, page.items.length);
}

// Awaiting the call itself gives the first page's payload.
const firstPage = await client.${c.resource}.${c.method}(${c.paramsLiteral});`;
}

/** @param {VendorFacts} v */
function errorsSnippet(v) {
  const c = v.firstCall;
  return `import { CrmApiError, CrmTimeoutError, RateLimitError } from "${v.packageName}";

try {
  await client.${c.resource}.${c.method}(${c.paramsLiteral});
} catch (error) {
  if (error instanceof RateLimitError) {
    console.warn("throttled; wait", error.retryAfterMs, "ms");
  } else if (error instanceof CrmApiError) {
    console.error(error.status, error.method, error.url, error.body);
  } else if (error instanceof CrmTimeoutError) {
    console.error("no answer within", error.timeoutMs, "ms");
  } else {
    throw error;
  }
}`;
}

/** @param {VendorFacts} v */
function retrySnippet(v) {
  const c = v.firstCall;
  const options = v.exampleOptions.map((o) => `  ${o}: process.env.${v.exampleEnv[o]}!,`).join("\n");
  return `// Client-wide settings ...
const patient = ${v.factory}({
${options}
  timeoutMs: 30_000,
  maxRetries: 4,
});

// ... and per call, together with an AbortSignal.
await client.${c.resource}.${c.method}(${c.paramsLiteral}, {
  timeoutMs: 5_000,
  maxRetries: 0,
  signal: AbortSignal.timeout(10_000),
});`;
}

/** @param {VendorFacts} v */
function authSummary(v) {
  return `<code>${escapeHtml(v.factory)}({ ${v.exampleOptions.map(escapeHtml).join(", ")} })</code>`;
}

/** @param {string} code @param {string} [language] */
function codeBlock(code, language = "ts") {
  return `<pre><code class="language-${language}">${escapeHtml(code)}</code></pre>`;
}

/** @param {NonNullable<VendorFacts["firstCallPagination"]>} p */
function pagingInWords(p) {
  const size = p.sizeParam
    ? `<code>${escapeHtml(p.sizeParam)}</code> sets the page size${p.defaultSize !== undefined ? ` (default ${p.defaultSize}` : " ("}${p.maxSize !== undefined ? `${p.defaultSize !== undefined ? ", " : ""}at most ${p.maxSize})` : ")"}`
    : "the API chooses the page size";
  if (p.style === "page") return `<code>${escapeHtml(p.pageParam ?? "")}</code> counts pages from ${p.firstPage ?? 1}; ${size}`;
  if (p.style === "offset") return `<code>${escapeHtml(p.offsetParam ?? "")}</code> skips rows; ${size}`;
  return `<code>${escapeHtml(p.cursorParam ?? "")}</code> carries the cursor from <code>${escapeHtml(p.nextCursor ?? "")}</code>; ${size}`;
}

/** @param {VendorFacts[]} vendors */
export function landingPage(vendors) {
  const cards = vendors
    .map((v) => {
      const server = v.servers[0]?.url ?? "";
      return `    <section class="vendor" id="${v.slug}">
      <h2>${escapeHtml(shortName(v))} <span class="package">${escapeHtml(v.packageName)}</span></h2>
      <p class="facts">${escapeHtml(titleWithVersion(v))} · ${v.operationCount} operations in ${v.resourceCount} resources, ${v.listOperationCount} of them lists · <code>${escapeHtml(server)}</code></p>
      <p class="links"><a href="${v.slug}/index.html">Usage guide</a> <a href="${v.slug}/reference.html">API reference</a></p>
      <dl>
        <dt>Install</dt>
        <dd>${codeBlock(`npm install ${v.packageName}`, "sh")}</dd>
        <dt>Auth</dt>
        <dd><p>${authSummary(v)}: ${[...new Set(v.authAlternatives.map((alt) => alt.map((s) => inlineMarkdown(s.brief)).join(" plus ")))].join(", or ")}.</p>
        ${codeBlock(setupSnippet(v))}</dd>
        <dt>First call</dt>
        <dd>${codeBlock(firstCallSnippet(v))}</dd>
        <dt>Pagination</dt>
        <dd><p>${escapeHtml(v.firstCallPagination.style)} style: ${pagingInWords(v.firstCallPagination)}. Lists return a promise that is also async-iterable over every item; <code>.pages()</code> iterates page by page; <code>maxItems</code> and <code>maxPages</code> cap either.</p></dd>
      </dl>
    </section>`;
    })
    .join("\n");
  const rows = ERROR_CLASSES.map((e) => `<tr><td>${escapeHtml(e.status)}</td><td><code>${e.name}</code></td><td><code>${e.kind}</code></td></tr>`).join("\n        ");
  const transport = TRANSPORT_ERRORS.map((e) => `<tr><td>${escapeHtml(e.when)}</td><td><code>${e.name}</code></td><td><code>${e.kind}</code></td></tr>`).join("\n        ");
  const body = `    <h1>crmkit</h1>
    <p class="lead">Typed TypeScript clients for ${vendors.length} CRM and professional-services APIs, generated from their OpenAPI specs. Every client shares one runtime: auth, pagination, retries, timeouts and errors work the same way for each vendor.</p>
    <table class="overview">
      <thead><tr><th>Vendor</th><th>Package</th><th>API</th><th>Operations</th><th>Docs</th></tr></thead>
      <tbody>
        ${vendors.map((v) => `<tr><td><a href="#${v.slug}">${escapeHtml(shortName(v))}</a></td><td><code>${escapeHtml(v.packageName)}</code></td><td>${escapeHtml(titleWithVersion(v))}</td><td>${v.operationCount}</td><td><a href="${v.slug}/index.html">guide</a> · <a href="${v.slug}/reference.html">reference</a></td></tr>`).join("\n        ")}
      </tbody>
    </table>
${cards}
    <section id="errors">
      <h2>Errors</h2>
      <p>A call that fails throws. An HTTP error status throws a subclass of <code>CrmApiError</code> carrying <code>status</code>, the vendor's error <code>body</code>, <code>headers</code>, the raw <code>response</code>, and the request's <code>method</code> and <code>url</code> with credentials redacted. Every error also has a <code>kind</code> for <code>switch</code> statements. All classes are exported by each vendor package.</p>
      <table>
        <thead><tr><th>Status</th><th>Class</th><th><code>kind</code></th></tr></thead>
        <tbody>
        ${rows}
        </tbody>
      </table>
      <table>
        <thead><tr><th>No HTTP answer</th><th>Class</th><th><code>kind</code></th></tr></thead>
        <tbody>
        ${transport}
        </tbody>
      </table>
      <p>Each vendor's throttling answers (declared in its spec) also throw <code>RateLimitError</code>, with <code>retryAfterMs</code> when the server said how long to wait.</p>
    </section>`;
  return layout({ title: "crmkit: typed CRM API clients", root: "", body, vendors });
}

/**
 * @param {VendorFacts} v
 * @param {VendorFacts[]} vendors
 */
export function guidePage(v, vendors) {
  const p = v.firstCallPagination;
  const server = v.servers[0];
  const variables = server?.variables ?? [];
  const alternatives = v.authAlternatives
    .map((alt, i) => `${i + 1}. ${alt.map((s) => `${s.how} (scheme \`${s.name}\`)`).join(", together with ")}`)
    .join("\n");
  const stops = [
    "an empty page",
    p.sizeParam ? "a page shorter than the page size" : undefined,
    p.totalItems ? `\`${p.totalItems}\` items read` : undefined,
    p.totalPages ? `\`${p.totalPages}\` pages read` : undefined,
    p.style === "cursor" ? "no next cursor" : undefined,
    "`maxItems` or `maxPages` reached",
  ].filter(Boolean);
  const rateLimit = v.rateLimit;
  const budget =
    rateLimit?.requests !== undefined && rateLimit.perSeconds !== undefined
      ? `The published budget is ${rateLimit.requests} requests per ${rateLimit.perSeconds} seconds${rateLimit.scope ? `, shared per ${rateLimit.scope}` : ""}.`
      : rateLimit?.scope
        ? `The budget is shared per ${rateLimit.scope}; the vendor publishes no number.`
        : "";
  const throttled = (rateLimit?.throttled ?? [{ status: 429 }])
    .map((t) => `${t.status}${t.contentType ? ` with \`${t.contentType}\`` : ""}`)
    .join(", ");
  const resourceRows = v.resources.map((r) => `| \`client.${r.name}\` | ${r.methods.map((m) => `\`${m}\``).join(", ")} |`).join("\n");

  const md = `# ${shortName(v)}: usage guide

\`${v.packageName}\` is the typed client for the ${titleWithVersion(v)}: ${v.operationCount} operations in ${v.resourceCount} resources, ${v.listOperationCount} of them paginated lists. Every operation, parameter and schema is in the [API reference](reference.html).

## Install

\`\`\`sh
npm install ${v.packageName}
\`\`\`

Node.js 20.19 or later; ESM and CommonJS builds with type declarations.

## Authentication

\`${v.factory}\` takes the credentials as options. The spec accepts ${v.authAlternatives.length === 1 ? "one way" : `${v.authAlternatives.length} alternatives`}:

${alternatives}

${v.authAlternatives.length > 1 ? `The client sends the first alternative whose options are all set: with the options below, alternative ${chosenAlternative(v)}.\n\n` : ""}\`\`\`ts
${setupSnippet(v)}
\`\`\`

## Server

Requests go to \`${server?.url ?? ""}\`${server?.description ? ` (${server.description.trim().replace(/\s+/g, " ")})` : ""}.${variables.length ? `\n\n${variables.map((x) => `- \`${x.name}\` (client option): ${(x.description ?? "").trim().replace(/\s+/g, " ")}${x.default ? ` Example: \`${x.default}\`.` : ""}`).join("\n")}` : ""}

Pass \`baseUrl\` to send requests elsewhere (a proxy, a sandbox, a mock server).

## First call

\`${v.firstCall.httpMethod} ${v.firstCall.path}\` (operation \`${v.firstCall.operationId}\`) is \`client.${v.firstCall.resource}.${v.firstCall.method}()\`. Every method takes one params object (path and query parameters by name, the request body as \`body\`) and optional per-call options.

\`\`\`ts
${firstCallSnippet(v)}
\`\`\`

Non-list methods return a promise of the payload${v.envelope ? ` (the API wraps it in \`${v.envelope.data}\`${v.envelope.meta ? `, with \`${v.envelope.meta}\` beside it` : ""}; the client unwraps it)` : ""}; \`.withResponse()\` also gives the raw \`Response\` and the whole body.

## Pagination

Lists use ${p.style} pagination: ${htmlToMarkdownish(pagingInWords(p))}.${p.items ? ` Each page's items are read from \`${p.items}\` in the payload.` : ""} Iterating stops at ${stops.join(", ")}.

\`\`\`ts
${pagesSnippet(v)}
\`\`\`

${v.fieldSelection}

## Errors

Failures throw \`CrmApiError\` subclasses, all exported by \`${v.packageName}\`:

| Status | Class | \`kind\` |
|---|---|---|
${ERROR_CLASSES.map((e) => `| ${e.status} | \`${e.name}\` | \`${e.kind}\` |`).join("\n")}
${TRANSPORT_ERRORS.map((e) => `| ${e.when} | \`${e.name}\` | \`${e.kind}\` |`).join("\n")}

Throttled answers (${throttled}) throw \`RateLimitError\`. ${budget}

\`\`\`ts
${errorsSnippet(v)}
\`\`\`

## Retries and timeouts

- Each attempt may take \`timeoutMs\` (default ${RUNTIME_DEFAULTS.timeoutMs.toLocaleString("en")} ms; 0 disables).
- Failed attempts are retried up to \`maxRetries\` times (default ${v.retry.maxRetries}${v.retry.fromSpec ? ", from the spec" : ""}) on connection errors, throttling and the statuses ${v.retry.statuses.join(", ")}.
- GET, PUT and DELETE are retried freely; POST and PATCH only when the server cannot have acted on them, unless you pass \`retryNonIdempotent\`.
- Waits follow \`Retry-After\`${rateLimit?.headers?.reset ? ` or the \`${rateLimit.headers.reset}\` header` : ""} when the server sends it (up to ${RUNTIME_DEFAULTS.maxRetryAfterMs / 1000} s), otherwise exponential backoff from ${RUNTIME_DEFAULTS.firstBackoffMs} ms to ${RUNTIME_DEFAULTS.maxBackoffMs / 1000} s.

\`\`\`ts
${retrySnippet(v)}
\`\`\`

## Resources

| Resource | Methods |
|---|---|
${resourceRows}

## About the API

${v.description ?? ""}
${v.vendorDocsUrl ? `\nThe vendor's own documentation: <${v.vendorDocsUrl}>.\n` : ""}`;

  const html = renderMarkdown(md);
  const toc = ["Install", "Authentication", "Server", "First call", "Pagination", ...(v.fieldSelection ? ["Choosing the returned fields"] : []), "Errors", "Retries and timeouts", "Resources", "About the API"]
    .map((t) => `<a href="#${slugify(t)}">${t}</a>`)
    .join("\n      ");
  const body = `    <nav class="toc">
      ${toc}
      <a class="reference" href="reference.html">API reference</a>
    </nav>
    <article class="guide">
${html}
    </article>`;
  return layout({ title: `${shortName(v)} · crmkit`, root: "../", body, current: v.slug, vendors });
}

/**
 * Reuses a phrase built as HTML for the landing page inside the guide's markdown.
 * @param {string} html
 */
function htmlToMarkdownish(html) {
  return html.replace(/<code>(.*?)<\/code>/g, "`$1`").replace(/&amp;/g, "&");
}

/** @param {string} text */
function inlineMarkdown(text) {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}
