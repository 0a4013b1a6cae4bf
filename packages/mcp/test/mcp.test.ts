import { describe, expect, it } from "vitest";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import {
  callTool,
  createMcpServer,
  errorResult,
  isLoopback,
  resolveCredentials,
  runCli,
  selectTools,
  parseToolsMode,
  serveHttp,
  toParams,
  type McpPackage,
  type ToolDefinition,
  type VendorDefinition,
} from "../src/index.js";

const variable = (name: string, option: string, secret = true) => ({ name, option, secret, description: `${name} description` });

/** A vendor shaped like the generated ones: a token, or Basic credentials plus an API key, or client credentials. */
const vendor: VendorDefinition = {
  name: "Acme",
  title: "Acme API v2",
  packageName: "@crmkit/acme-mcp",
  version: "1.2.3",
  bin: "crmkit-acme-mcp",
  defaultTools: "all",
  credentials: [
    { variables: [variable("ACME_ACCESS_TOKEN", "accessToken")] },
    { variables: [variable("ACME_API_KEY", "apiKey"), variable("ACME_USERNAME", "username", false), variable("ACME_PASSWORD", "password")] },
    {
      variables: [],
      clientCredentials: {
        clientId: variable("ACME_CLIENT_ID", "oauth.clientId", false),
        clientSecret: variable("ACME_CLIENT_SECRET", "oauth.clientSecret"),
        scope: variable("ACME_OAUTH_SCOPE", "oauth.scope", false),
        tokenUrl: variable("ACME_OAUTH_TOKEN_URL", "oauth.tokenUrl", false),
      },
    },
  ],
  serverVariables: [variable("ACME_TENANT", "tenant", false)],
  baseUrl: variable("ACME_BASE_URL", "baseUrl", false),
  authorizationHeader: { bearer: "accessToken", basic: { username: "username", password: "password" } },
};

const listTool: ToolDefinition = {
  name: "widgets_list",
  operationId: "listWidgets",
  resource: "widgets",
  tag: "Widgets",
  method: "list",
  httpMethod: "GET",
  path: "/widgets",
  summary: "List widgets",
  description: "List widgets. Returns one page.",
  inputSchema: {
    type: "object",
    properties: { per_page: { type: "integer", maximum: 200 }, colour: { type: "string" }, cursor: { type: "string" } },
    additionalProperties: false,
  },
  annotations: { title: "List widgets", readOnlyHint: true, openWorldHint: true },
  paging: { style: "page", argument: "cursor", positionParam: "page", sizeParam: "per_page", firstPage: 1, maxSize: 200, items: "widgets", totalItems: "total" },
  fieldsParam: "fields",
};
const deleteTool: ToolDefinition = {
  ...listTool,
  name: "widgets_delete",
  operationId: "deleteWidget",
  tag: "Widgets",
  method: "delete",
  httpMethod: "DELETE",
  path: "/widgets/{id}",
  summary: "Delete a widget",
  inputSchema: { type: "object", properties: { id: { type: "integer" } }, required: ["id"], additionalProperties: false },
  annotations: { title: "Delete a widget", readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  paging: undefined,
  fieldsParam: undefined,
};
const gadgetTool: ToolDefinition = { ...deleteTool, name: "gadgets_get", resource: "gadgets", tag: "Gadgets", method: "get", httpMethod: "GET", annotations: { readOnlyHint: true, openWorldHint: true } };

/** A client whose methods answer from `pages` (page number → payload) and record their params. */
function fakeClient(pages: Record<number, unknown>, calls: unknown[] = []) {
  const answer = (data: unknown) => ({ then: (f: (v: unknown) => unknown) => Promise.resolve(data).then(f), withResponse: async () => ({ data, response: { status: 200 } }) });
  return {
    widgets: {
      list(params: Record<string, unknown>) {
        calls.push(params);
        return answer(pages[Number(params.page ?? 1)] ?? { widgets: [], total: 0 });
      },
      delete(params: Record<string, unknown>) {
        calls.push(params);
        const error = Object.assign(new Error(`DELETE https://acme.test/widgets/${params.id} answered 404: no widget tok-SECRET-1`), {
          status: 404,
          kind: "not_found",
          body: { error: "no widget", echoed: "tok-SECRET-1" },
        });
        return { withResponse: () => Promise.reject(error), then: () => Promise.reject(error) };
      },
    },
  };
}

const settings = { maxItems: 50, maxResultChars: 40_000 };

describe("credentials", () => {
  it("takes the first complete alternative, with the server variables", () => {
    const r = resolveCredentials(vendor, { ACME_ACCESS_TOKEN: "tok-1", ACME_TENANT: "north" });
    expect(r.options).toEqual({ accessToken: "tok-1", tenant: "north" });
    expect(r.secrets).toEqual(["tok-1"]);
  });

  it("builds OAuth client-credentials options", () => {
    const r = resolveCredentials(vendor, { ACME_CLIENT_ID: "id", ACME_CLIENT_SECRET: "sec-1", ACME_OAUTH_SCOPE: "read(all)", ACME_BASE_URL: "http://127.0.0.1:1" });
    expect(r.options).toEqual({ baseUrl: "http://127.0.0.1:1", oauth: { clientId: "id", clientSecret: "sec-1", clientCredentials: true, scope: "read(all)" } });
  });

  it("names every variable still missing, and what is set already", () => {
    expect(() => resolveCredentials(vendor, { ACME_API_KEY: "k", ACME_TENANT: "t" })).toThrow(
      "Acme: missing credentials: set ACME_ACCESS_TOKEN, or ACME_USERNAME and ACME_PASSWORD (ACME_API_KEY is set), or ACME_CLIENT_ID and ACME_CLIENT_SECRET",
    );
    expect(() => resolveCredentials(vendor, { ACME_ACCESS_TOKEN: "t" })).toThrow("missing ACME_TENANT (or ACME_BASE_URL)");
    expect(() => resolveCredentials(vendor, { ACME_ACCESS_TOKEN: "t", ACME_BASE_URL: "not a url" })).toThrow("ACME_BASE_URL is not an absolute URL");
  });

  it("prefers what the Authorization header carries, mixed with the environment", () => {
    const env = { ACME_ACCESS_TOKEN: "env-token", ACME_API_KEY: "key", ACME_TENANT: "t" };
    expect(resolveCredentials(vendor, env, "Bearer header-token").options.accessToken).toBe("header-token");
    const basic = resolveCredentials(vendor, env, `Basic ${Buffer.from("ada:pa:ss").toString("base64")}`);
    expect(basic.options).toEqual({ tenant: "t", apiKey: "key", username: "ada", password: "pa:ss" });
    expect(basic.fromHeader).toBe(true);
    expect(() => resolveCredentials(vendor, env, "Digest abc")).toThrow("Acme accepts Bearer or Basic credentials in the Authorization header, not Digest");
  });
});

describe("tool selection", () => {
  const tools = [listTool, deleteTool, gadgetTool];
  it("selects by resource, tag or tool name, and drops writes when read-only", () => {
    expect(selectTools(tools, parseToolsMode("gadgets"), false).map((t) => t.name)).toEqual(["gadgets_get"]);
    expect(selectTools(tools, parseToolsMode("widgets"), false).map((t) => t.name)).toEqual(["widgets_list", "widgets_delete"]);
    expect(selectTools(tools, parseToolsMode("WIDGETS_DELETE, Gadgets"), false).map((t) => t.name)).toEqual(["widgets_delete", "gadgets_get"]);
    expect(selectTools(tools, parseToolsMode("all"), true).map((t) => t.name)).toEqual(["widgets_list", "gadgets_get"]);
  });
  it("refuses unknown names with the list of resources", () => {
    expect(() => selectTools(tools, parseToolsMode("sprockets"), false)).toThrow('no resource, tag or tool named "sprockets"; resources: widgets, gadgets');
    expect(() => parseToolsMode("all,widgets")).toThrow('"all" or "dynamic" alone');
  });
});

describe("list tools", () => {
  it("send the capped page size and turn cursor into the page parameter", () => {
    expect(toParams(listTool, { colour: "red" }, settings)).toEqual({ colour: "red", per_page: 50 });
    expect(toParams(listTool, { cursor: "3", per_page: 5 }, settings)).toEqual({ page: 3, per_page: 5 });
    expect(() => toParams(listTool, { cursor: "page three" }, settings)).toThrow('cursor "page three" is not one this tool returned');
  });

  it("return one page with next_cursor until the total is reached", async () => {
    const calls: unknown[] = [];
    const client = fakeClient({ 1: { widgets: [{ id: 1 }, { id: 2 }], total: 3 }, 2: { widgets: [{ id: 3 }], total: 3 } }, calls);
    const source = () => ({ client, secrets: [] });
    const first = await callTool(listTool, { per_page: 2 }, source, settings);
    expect(JSON.parse(first.content[0]!.text)).toEqual({ items: [{ id: 1 }, { id: 2 }], next_cursor: "2", total: 3 });
    const second = await callTool(listTool, { per_page: 2, cursor: "2" }, source, settings);
    expect(JSON.parse(second.content[0]!.text)).toEqual({ items: [{ id: 3 }], next_cursor: null, total: 3 });
    expect(calls).toEqual([{ per_page: 2 }, { per_page: 2, page: 2 }]);
  });

  it("shorten a page that is too long to read, and say how", async () => {
    const widgets = Array.from({ length: 20 }, (_, i) => ({ id: i, text: "x".repeat(200) }));
    const client = fakeClient({ 1: { widgets, total: 100 } });
    const result = await callTool(listTool, { per_page: 20 }, () => ({ client, secrets: [] }), { maxItems: 50, maxResultChars: 2_000 });
    const page = JSON.parse(result.content[0]!.text) as { items: unknown[]; omitted: number; note: string; next_cursor: string };
    expect(result.content[0]!.text.length).toBeLessThanOrEqual(2_000);
    expect(page.items.length + page.omitted).toBe(20);
    expect(page.note).toMatch(/ask for fewer fields \(fields\) or a smaller page \(per_page\)/);
    expect(page.next_cursor).toBe("2");
  });
});

describe("errors", () => {
  it("carry the status, the vendor's message and body, never a secret or a stack", async () => {
    const client = fakeClient({});
    const result = await callTool(deleteTool, { id: 9 }, () => ({ client, secrets: ["tok-SECRET-1"] }), settings);
    expect(result.isError).toBe(true);
    const text = result.content[0]!.text;
    expect(text).toContain("widgets_delete failed with HTTP 404 (not_found): DELETE https://acme.test/widgets/9 answered 404: no widget");
    expect(text).toContain('Error body: {"error":"no widget","echoed":"[redacted]"}');
    expect(text).not.toContain("tok-SECRET-1");
    expect(text).not.toMatch(/\n\s+at /);
  });

  it("report a thrown non-HTTP error by its message alone", () => {
    const error = new TypeError("GET /widgets/{id}: path parameter \"id\" is required");
    const text = errorResult("widgets_get", error, []).content[0]!.text;
    expect(text).toBe('widgets_get failed: GET /widgets/{id}: path parameter "id" is required');
  });
});

const pkg: McpPackage = { vendor, tools: [listTool, deleteTool, gadgetTool], createClient: () => fakeClient({ 1: { widgets: [{ id: 1 }], total: 1 } }) };

describe("server", () => {
  it("says which variable is missing when a tool is called without credentials", async () => {
    const server = createMcpServer(pkg, { env: {} });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    const client = new Client({ name: "t", version: "1" });
    await client.connect(a);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["widgets_list", "widgets_delete", "gadgets_get"]);
    expect(tools[0]!.inputSchema.properties).toMatchObject({ per_page: { maximum: 50 } });
    const result = await client.callTool({ name: "widgets_list", arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain("set ACME_ACCESS_TOKEN");
    await client.close();
  });
});

describe("HTTP", () => {
  it("counts only this machine's addresses as loopback (the Host and Origin checks and the CLI's warning rest on it)", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopback(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.com", "128.0.0.1"]) expect(isLoopback(host), host).toBe(false);
  });

  it("refuses a Host that is not local, an unknown path and GET", async () => {
    const running = await serveHttp(pkg, { port: 0, env: {} });
    try {
      const url = new URL(running.url);
      const post = (headers: Record<string, string>) =>
        fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers }, body: "{}" });
      expect((await post({ Origin: "http://evil.example" })).status).toBe(403);
      expect((await fetch(new URL("/other", url))).status).toBe(404);
      expect((await fetch(url)).status).toBe(405);
    } finally {
      await running.close();
    }
  });
});

describe("command line", () => {
  const io = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
  };
  it("--help lists every option and variable", async () => {
    const { out, io: sink } = io();
    expect(await runCli(pkg, ["--help"], {}, sink)).toBe(0);
    for (const text of ["--tools", "--read-only", "--transport", "--max-items", "ACME_ACCESS_TOKEN", "ACME_CLIENT_SECRET", "ACME_TENANT", "ACME_BASE_URL"]) {
      expect(out.stdout).toContain(text);
    }
  });
  it("--list-tools prints the selection; mistakes exit 2 with a message", async () => {
    const listed = io();
    expect(await runCli(pkg, ["--list-tools", "--read-only"], {}, listed.io)).toBe(0);
    expect(listed.out.stdout.trim().split("\n").map((l) => l.split("\t")[0])).toEqual(["widgets_list", "gadgets_get"]);
    const bad = io();
    expect(await runCli(pkg, ["--tools", "sprockets"], {}, bad.io)).toBe(2);
    expect(bad.out.stderr).toContain('no resource, tag or tool named "sprockets"');
    const unknown = io();
    expect(await runCli(pkg, ["--frobnicate"], {}, unknown.io)).toBe(2);
    expect(unknown.out.stderr).toMatch(/Unknown option '--frobnicate' \(see --help\)/);
  });
});
