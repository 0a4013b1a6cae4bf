// @ts-check
/** The site's own pages: the landing page and one usage guide per vendor, as HTML strings. */
import { Marked } from "marked";
import { ERROR_CLASSES, TRANSPORT_ERRORS } from "./facts.js";

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
export function slugify(html) {
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
export function layout({ title, root, body, current, vendors }) {
  const links = [
    ...vendors.map((v) => `<a href="${root}${v.slug}/index.html"${current === v.slug ? ' aria-current="page"' : ""}>${escapeHtml(shortName(v))}</a>`),
    `<a href="${root}mcp.html"${current === "mcp" ? ' aria-current="page"' : ""}>MCP servers</a>`,
  ].join("\n        ");
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
      <p class="links"><a href="${v.slug}/index.html">Usage guide</a> <a href="${v.slug}/reference.html">API reference</a>${v.webhooks ? ` <a href="${v.slug}/webhooks.html">Webhooks</a>` : ""}</p>
      <dl>
        <dt>Install</dt>
        <dd>${codeBlock(`npm install ${v.packageName}`, "sh")}</dd>
        <dt>Auth</dt>
        <dd><p>${authSummary(v)}: ${[...new Set(v.authAlternatives.map((alt) => alt.map((s) => inlineMarkdown(s.brief)).join(" plus ")))].join(", or ")}.</p>
        ${codeBlock(setupSnippet(v))}</dd>
        <dt>First call</dt>
        <dd>${codeBlock(firstCallSnippet(v))}</dd>
        <dt>Pagination</dt>
        <dd><p>${escapeHtml(v.firstCallPagination.style)} style: ${pagingInWords(v.firstCallPagination)}. Lists return a promise that is also async-iterable over every item; <code>.pages()</code> iterates page by page; <code>maxItems</code> and <code>maxPages</code> cap either.</p></dd>${
          v.webhooks
            ? `
        <dt>Webhooks</dt>
        <dd><p><code>${escapeHtml(v.webhooks.entry)}</code>: ${v.webhooks.events.length} events, verified by ${inlineMarkdown(v.webhooks.verifiedBy)}. <a href="${v.slug}/webhooks.html">Receiving webhooks</a></p></dd>`
            : ""
        }
      </dl>
    </section>`;
    })
    .join("\n");
  const rows = ERROR_CLASSES.map((e) => `<tr><td>${escapeHtml(e.status)}</td><td><code>${e.name}</code></td><td><code>${e.kind}</code></td></tr>`).join("\n        ");
  const transport = TRANSPORT_ERRORS.map((e) => `<tr><td>${escapeHtml(e.when)}</td><td><code>${e.name}</code></td><td><code>${e.kind}</code></td></tr>`).join("\n        ");
  const body = `    <h1>crmkit</h1>
    <p class="lead">Typed TypeScript clients for ${vendors.length} CRM and professional-services APIs, generated from their OpenAPI specs. Every client shares one runtime: auth, pagination, retries, timeouts and errors work the same way for each vendor. Each vendor also has an <a href="mcp.html">MCP server</a> for AI agents, built on its client.</p>
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
  const resourceRows = v.resources
    .map((r) => `| \`client.${r.name}\` | ${r.methods.map((m) => methodLink(v, r.name, m)).join(", ")} |`)
    .join("\n");

  const u = v.usage;
  if (!u) throw new Error(`${v.slug}: the guide needs the README's sections; build the facts with the parsed spec (vendorFacts(slug, model, loaded))`);
  const md = [
    `# ${shortName(v)}: usage guide

\`${v.packageName}\` is the typed client for the ${titleWithVersion(v)}: ${v.operationCount} operations in ${v.resourceCount} resources, ${v.listOperationCount} of them paginated lists. Every operation, parameter and schema is in the [API reference](reference.html), each with its call in TypeScript.

## Install

\`\`\`sh
npm install ${v.packageName}
\`\`\`

Node.js 20.19 or later, Bun, Deno and browsers; ESM and CommonJS builds with type declarations.`,
    u.sections.quickStart,
    u.sections.authentication,
    u.sections.server,
    `## First call

\`${v.firstCall.httpMethod} ${v.firstCall.path}\` (operation [\`${v.firstCall.operationId}\`](${referenceLink(v.firstCall.operationId)})) is \`client.${v.firstCall.resource}.${v.firstCall.method}()\`. Every method takes one params object (path and query parameters by name, the request body as \`body\`) and optional per-call options.

\`\`\`ts
${firstCallSnippet(v)}
\`\`\`

Non-list methods return a promise of the payload${v.envelope ? ` (the API wraps it in \`${v.envelope.data}\`${v.envelope.meta ? `, with \`${v.envelope.meta}\` beside it` : ""}; the client unwraps it)` : ""}; \`.withResponse()\` also gives the raw \`Response\` and the whole body.`,
    `## Pagination

Lists use ${p.style} pagination: ${htmlToMarkdownish(pagingInWords(p))}.${p.items ? ` Each page's items are read from \`${p.items}\` in the payload.` : ""} Iterating stops at ${stops.join(", ")}.

\`\`\`ts
${pagesSnippet(v)}
\`\`\``,
    v.fieldSelection,
    u.sections.errors,
    `Throttled answers (${throttled}) throw \`RateLimitError\`. ${budget}`,
    u.sections.retries,
    u.sections.timeouts,
    u.sections.clientOptions,
    u.sections.callOptions,
    u.sections.observe,
    u.sections.untyped,
    v.webhooks
      ? `## Webhooks

\`${v.webhooks.entry}\` receives ${shortName(v)}'s ${v.webhooks.events.length} webhook events: \`parseWebhook(request, options)\` verifies ${v.webhooks.verifiedBy} and returns an event typed by its name. See [receiving webhooks](webhooks.html) for a whole receiver and the list of events.`
      : "",
    u.sections.bundling,
    `## Resources

Each method links to its entry in the API reference.

| Resource | Methods |
|---|---|
${resourceRows}

## About the API

${v.description ?? ""}
${v.vendorDocsUrl ? `\nThe vendor's own documentation: <${v.vendorDocsUrl}>.\n` : ""}`,
  ]
    .filter((section) => section.trim() !== "")
    .join("\n\n");

  const html = renderMarkdown(md);
  const toc = [...md.matchAll(/^## (.+)$/gm)]
    .map((m) => m[1] ?? "")
    .map((t) => `<a href="#${slugify(renderMarkdown(t).replace(/<\/?p>/g, "").trim())}">${escapeHtml(t)}</a>`)
    .join("\n      ");
  const body = `    <nav class="toc">
      ${toc}
      <a class="reference" href="reference.html">API reference</a>${v.webhooks ? `\n      <a class="reference" href="webhooks.html">Webhooks</a>` : ""}
    </nav>
    <article class="guide">
${html}
    </article>`;
  return layout({ title: `${shortName(v)} · crmkit`, root: "../", body, current: v.slug, vendors });
}

/**
 * The reference entry of an operation. Redoc routes `#operation/<operationId>` to the operation's own
 * page, whatever its tag's slug.
 * @param {string} operationId
 */
export function referenceLink(operationId) {
  return `reference.html#operation/${encodeURIComponent(operationId)}`;
}

/**
 * A method name in the resources table, linked to its reference entry.
 * @param {VendorFacts} v
 * @param {string} resource
 * @param {string} method
 */
function methodLink(v, resource, method) {
  const id = v.usage?.operationIds[resource]?.[method];
  return id ? `[\`${method}\`](${referenceLink(id)})` : `\`${method}\``;
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

/**
 * Receiving one vendor's webhooks: how deliveries are verified, a whole receiver, what the answers
 * mean to the vendor, and every event with its payload type.
 * @param {VendorFacts} v
 * @param {VendorFacts[]} vendors
 */
export function webhooksPage(v, vendors) {
  const w = v.webhooks;
  if (!w) throw new Error(`${v.slug} has no webhooks`);
  const name = shortName(v);
  const prefix = v.clientName.replace(/Client$/, "");
  const rows = w.events
    .map((e) => `| \`${e.name}\` | ${[e.summary, e.description].filter(Boolean).join(". ").replace(/\|/g, "\\|").replace(/\s+/g, " ")} | \`${e.payload}\` | ${e.fetchable ? "yes" : "no"} |`)
    .join("\n");
  const md = `# ${name}: receiving webhooks

\`${w.entry}\` turns ${name}'s webhook deliveries into typed events. It is an entry point of its own, so a receiver bundles none of the client. \`parseWebhook(request, options)\` takes a standard \`Request\`: Node's http through \`fromNodeRequest(req)\`, Express with \`express.raw({ type: "*/*" })\` on the route${w.verifiedBy.startsWith("an HMAC") ? " (the signature covers the exact bytes)" : ""}, Fastify's \`request.raw\`, Cloudflare Workers, Deno, Bun and Next.js route handlers.

## Verification

- A delivery is verified by ${w.verifiedBy}.
${w.replay ? `- Replays: ${w.replay}.\n` : ""}- The event name comes from ${w.eventFrom}.
- A failed check throws \`WebhookVerificationError\`: its \`reason\` names the check (\`signature_mismatch\`, \`missing_signature\`, \`malformed_signature\`, \`secret_mismatch\`, \`missing_secret\`, \`timestamp_out_of_tolerance\`, \`malformed_body\`, \`body_too_large\`, \`missing_event\`, …) and its message never contains the secret.

## A receiver

\`\`\`ts
${w.receiver}
\`\`\`

Check \`event.known\` first: an event the spec does not list (one the vendor added later, say) arrives as \`{ known: false, name, payload }\` with an untyped payload instead of failing. After that, \`switch (event.name)\` narrows the payload to that event's type (\`${prefix}WebhookPayloads\`).${
    w.events.some((e) => e.fetchable)
      ? ` Events whose payload names the changed record have \`event.fetch(client)\`, which reads it with the client's credentials, retries and errors, and \`event.confirm(client)\`, which does the same but reports a record the API does not have as \`unconfirmed\`. Both only follow URLs under the API's own base URL, so a delivery cannot send your credentials elsewhere.`
      : ""
  }

## What your answer means to ${name}

${
    w.answers.length
      ? w.answers.map((a) => `- \`${a.status}\`: ${a.description.trim().replace(/\s+/g, " ")}`).join("\n")
      : `- Any 2xx acknowledges the delivery${w.timeoutSeconds ? `; ${name} waits ${w.timeoutSeconds} s` : ""}.`
  }

## Events

${w.events.length} events. The last column says whether the event has \`fetch\` and \`confirm\`.

| Event | When | Payload | Fetch |
|---|---|---|---|
${rows}
`;
  const body = `    <nav class="toc">
      <a href="#verification">Verification</a>
      <a href="#a-receiver">A receiver</a>
      <a href="#what-your-answer-means-to-${slugify(name)}">Answers</a>
      <a href="#events">Events</a>
      <a class="reference" href="index.html">Usage guide</a>
      <a class="reference" href="reference.html">API reference</a>
    </nav>
    <article class="guide">
${renderMarkdown(md)}
    </article>`;
  return layout({ title: `${name} webhooks · crmkit`, root: "../", body, current: v.slug, vendors });
}
