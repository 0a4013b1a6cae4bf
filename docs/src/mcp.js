// @ts-check
/**
 * The MCP servers page: one section per vendor, from the built `@crmkit/<vendor>-mcp` packages' own
 * tool tables and vendor data, so it says what the servers really offer.
 */
import { layout, renderMarkdown, shortName, slugify } from "./pages.js";

/** @typedef {import("./facts.js").VendorFacts} VendorFacts */
/** @typedef {import("@crmkit/mcp").VendorDefinition} McpVendor */
/** @typedef {import("@crmkit/mcp").ToolDefinition} McpTool */
/** @typedef {{ slug: string, vendor: McpVendor, tools: readonly McpTool[] }} McpServerFacts */

/**
 * Loads each vendor's MCP package (a devDependency of the docs).
 * @param {VendorFacts[]} vendors
 * @returns {Promise<McpServerFacts[]>}
 */
export async function loadMcpServers(vendors) {
  return Promise.all(
    vendors.map(async (v) => {
      const name = `${v.packageName}-mcp`;
      /** @type {{ vendor: McpVendor, tools: readonly McpTool[] }} */
      const pkg = await import(name).catch((/** @type {unknown} */ error) => {
        throw new Error(`${name} is not built (${error instanceof Error ? error.message : String(error)}); run the full build first`);
      });
      return { slug: v.slug, vendor: pkg.vendor, tools: pkg.tools };
    }),
  );
}

/**
 * Bytes of the tool definitions a tools/list answer carries.
 * @param {readonly McpTool[]} tools
 */
function definitionBytes(tools) {
  return Buffer.byteLength(JSON.stringify(tools.map(({ name, description, inputSchema, annotations }) => ({ name, title: annotations.title, description, inputSchema, annotations }))));
}

/**
 * @param {McpVendor} vendor
 * @returns {Record<string, string>}
 */
function exampleEnv(vendor) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const v of [...vendor.serverVariables, ...(vendor.credentials[0]?.variables ?? [])]) env[v.name] = `<${v.option}>`;
  return env;
}

/**
 * @param {McpServerFacts[]} servers
 * @param {VendorFacts[]} vendors
 */
export function mcpPage(servers, vendors) {
  const byslug = new Map(vendors.map((v) => [v.slug, v]));
  /** @param {string} slug */
  const title = (slug) => {
    const v = byslug.get(slug);
    if (!v) throw new Error(`no bundled spec for the MCP server ${slug}`);
    return shortName(v);
  };
  const rows = servers
    .map((s) => {
      const reads = s.tools.filter((t) => t.annotations.readOnlyHint).length;
      return `| ${title(s.slug)} | \`${s.vendor.packageName}\` | ${s.tools.length} (${reads} read-only) | \`${s.vendor.defaultTools}\` | ${definitionBytes(s.tools).toLocaleString("en")} |`;
    })
    .join("\n");
  const sections = servers
    .map((s) => {
      const v = s.vendor;
      const env = exampleEnv(v);
      const config = JSON.stringify({ mcpServers: { [v.name.toLowerCase()]: { command: "npx", args: ["-y", v.packageName], env } } }, null, 2);
      const variables = [
        ...v.credentials.flatMap((c) => [...c.variables, ...(c.clientCredentials ? Object.values(c.clientCredentials) : [])]),
        ...v.serverVariables,
        v.baseUrl,
      ].filter((x, i, all) => all.findIndex((y) => y.name === x.name) === i);
      const alternatives = v.credentials
        .map((c) => [...c.variables.map((x) => `\`${x.name}\``), ...(c.clientCredentials ? [`\`${c.clientCredentials.clientId.name}\``, `\`${c.clientCredentials.clientSecret.name}\``] : [])].join(" and "))
        .join(", or ");
      const header = [v.authorizationHeader.bearer && "`Bearer <token>`", v.authorizationHeader.basic && `\`Basic\` (${v.authorizationHeader.basic.username}:${v.authorizationHeader.basic.password})`]
        .filter(Boolean)
        .join(" or ");
      const fields = s.tools.filter((t) => t.fieldsParam);
      return `## ${title(s.slug)}

\`npm install ${v.packageName}\`, then run \`${v.bin}\` (or \`npx ${v.packageName}\`). ${s.tools.length} tools over the ${v.title}; by default \`--tools ${v.defaultTools}\`.${fields.length ? ` ${fields.length} tools take \`${fields[0]?.fieldsParam}\`, the API's own field selection.` : ""}

\`\`\`json
${config}
\`\`\`

Credentials: ${alternatives}. Over HTTP a request may bring ${header || "no credential of its own"} in its \`Authorization\` header instead.

| Variable | |
|---|---|
${variables.map((x) => `| \`${x.name}\` | ${x.description} |`).join("\n")}
`;
    })
    .join("\n");

  const md = `# MCP servers

Every crmkit client has an [MCP](https://modelcontextprotocol.io) server beside it, generated from the same spec: one tool per API operation, named \`<resource>_<method>\` after the client's methods, described from the spec, with a JSON Schema of its arguments (parameters by name, the request body as \`body\`). The tools call the typed client, so authentication, retries, rate limits and credential redaction are the client's own.

| Vendor | Package | Tools | Default \`--tools\` | Tool definitions (bytes) |
|---|---|---|---|---|
${rows}

## How the servers behave

- **Transports**: stdio by default; \`--transport http\` serves stateless Streamable HTTP at \`http://127.0.0.1:3000/mcp\` (\`--host\`, \`--port\`). On a loopback address, requests whose \`Host\` or \`Origin\` is not local are refused.
- **Which tools**: \`--tools all\`, a list of resources, tags or tool names, or \`dynamic\`: three tools (\`list_operations\`, \`describe_operation\`, \`call_operation\`) that keep large APIs out of the agent's context. A server defaults to \`dynamic\` when its tool definitions pass 100,000 bytes. \`--read-only\` drops every tool that writes.
- **Annotations** follow the HTTP method: GET is read-only; POST creates; PUT and PATCH are destructive (PUT idempotent); DELETE is destructive and idempotent.
- **Lists** return one page, \`{ items, next_cursor, total? }\`, of at most \`--max-items\` items (default 50); pass \`next_cursor\` back as \`cursor\`. Answers longer than \`--max-chars\` (default 40,000) are shortened and say how to ask for less.
- **Field selection**: where the API chooses fields (a parameter marked \`x-crmkit-fields\` in the spec), the tools say so and list the fields.
- **Errors** come back as tool errors with the HTTP status, the vendor's message and its error body, never a stack trace or a credential. A missing credential is a tool error naming the variables to set; the server still starts and lists its tools.

${sections}`;
  const toc = ["How the servers behave", ...servers.map((s) => title(s.slug))].map((t) => `<a href="#${slugify(t)}">${t}</a>`).join("\n      ");
  const body = `    <nav class="toc">
      ${toc}
    </nav>
    <article class="guide">
${renderMarkdown(md)}
    </article>`;
  return layout({ title: "MCP servers · crmkit", root: "", body, current: "mcp", vendors });
}

