import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMcpServer, serveHttp, type Environment, type McpPackage, type RunningHttpServer, type ServerSettings } from "@crmkit/mcp";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrism, type PrismServer } from "./prism.js";

/** One vendor's MCP server against Prism serving its bundled spec. */
export interface McpVendorCase {
  vendor: string;
  pkg: McpPackage;
  /** Credentials and base URL for a server pointed at `baseUrl`. */
  env: (baseUrl: string) => Environment;
  /** The variable a missing-credential error must name. */
  credentialVariable: string;
  /** What the Authorization header of an HTTP request carries in place of the environment's credential. */
  authorization: string;
  /** The environment left for an HTTP server whose requests bring their own credential. */
  envWithoutHeaderCredential: (baseUrl: string) => Environment;
  list: { tool: string; args: Record<string, unknown> };
  get: { tool: string; args: Record<string, unknown>; badArgs: Record<string, unknown> };
}

const require = createRequire(import.meta.url);
const specsDir = join(dirname(require.resolve("@crmkit/specs/package.json")), "dist");

interface Exchange {
  url: string;
  violations: string | null;
  headers: Headers;
}

type ToolText = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const textOf = (result: unknown) => ((result as ToolText).content ?? []).map((c) => c.text ?? "").join("\n");

/**
 * The MCP suite of one vendor: tools/list (snapshot of names and annotations, and every input schema
 * compiles), a list and a get tool over the in-memory transport and over Streamable HTTP, dynamic
 * mode, read-only mode, a vendor error, a bad argument and a missing credential.
 */
export function mcpSuite(c: McpVendorCase): void {
  let prism: PrismServer;
  const exchanges: Exchange[] = [];
  const open: Array<() => Promise<void>> = [];
  const recordingFetch = (async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const header = response.headers.get("sl-violations");
    const found = header ? (JSON.parse(header) as Array<{ location?: string[] }>).filter((v) => v.location?.[0] === "request") : [];
    exchanges.push({ url: request.url, violations: found.length ? JSON.stringify(found) : null, headers: request.headers });
    return response;
  }) as typeof fetch;

  const connect = async (settings: ServerSettings) => {
    const server = createMcpServer(c.pkg, { clientOptions: { fetch: recordingFetch, maxRetries: 0 }, ...settings });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "crmkit-tests", version: "1.0.0" });
    await client.connect(clientSide);
    open.push(async () => {
      await client.close();
      await server.close();
    });
    return client;
  };
  const viaHttp = async (running: RunningHttpServer, authorization?: string) => {
    const client = new Client({ name: "crmkit-tests", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(running.url), authorization ? { requestInit: { headers: { Authorization: authorization } } } : undefined),
    );
    open.push(() => client.close());
    return client;
  };

  describe(`mcp ${c.vendor}`, () => {
    // Prism needs about a minute for the largest spec (1.5 MB) on a busy 2-core machine.
    beforeAll(async () => {
      prism = await startPrism(join(specsDir, `${c.vendor}.json`), { timeoutMs: 180_000 });
    }, 200_000);
    afterAll(async () => {
      for (const close of open.reverse()) await close().catch(() => {});
      await prism?.stop();
    });

    it("tools/list: names and annotations match the snapshot; every name and schema is usable", async () => {
      const client = await connect({ env: c.env(prism.url), tools: "all" });
      const { tools } = await client.listTools();
      expect(tools.length).toBe(c.pkg.tools.length);
      const names = tools.map((t) => t.name);
      expect(new Set(names).size, "tool names are unique").toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      for (const tool of tools) {
        expect(tool.description, tool.name).toBeTruthy();
        expect(tool.inputSchema.type, tool.name).toBe("object");
        expect(JSON.stringify(tool.inputSchema), `${tool.name} has an unresolved $ref`).not.toContain('"$ref"');
        expect(() => ajv.compile(tool.inputSchema), `${tool.name}'s input schema compiles`).not.toThrow();
      }
      // After a spec change adds or renames operations: (cd test && npx vitest run mcp -u), then review the diff.
      const snapshot = tools.map((t) => ({ name: t.name, annotations: t.annotations }));
      await expect(`${JSON.stringify(snapshot, null, 1)}\n`).toMatchFileSnapshot(`../mcp/snapshots/${c.vendor}.tools.json`);
    });

    it("tools/list sizes per mode (the closing note reports them)", async () => {
      const sizes: Record<string, number> = {};
      for (const [mode, settings] of [
        ["all", { tools: "all" }],
        ["all --read-only", { tools: "all", readOnly: true }],
        ["dynamic", { tools: "dynamic" }],
        [`default (${c.pkg.vendor.defaultTools})`, {}],
      ] as const) {
        const client = await connect({ env: c.env(prism.url), ...settings });
        const result = await client.listTools();
        sizes[mode] = Buffer.byteLength(JSON.stringify(result));
        if (mode === "dynamic") expect(result.tools.map((t) => t.name)).toEqual(["list_operations", "describe_operation", "call_operation"]);
        if (mode === "all --read-only") {
          expect(result.tools.length).toBeGreaterThan(0);
          for (const t of result.tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
        }
      }
      const counts = { all: c.pkg.tools.length, readOnly: c.pkg.tools.filter((t) => t.annotations.readOnlyHint).length };
      process.stdout.write(`mcp ${c.vendor}: ${counts.all} tools (${counts.readOnly} read-only); tools/list bytes ${JSON.stringify(sizes)}\n`);
      expect(sizes.dynamic!).toBeLessThan(sizes.all!);
    });

    it("a list tool returns one page from the API, with next_cursor", async () => {
      const client = await connect({ env: c.env(prism.url) , tools: "all" });
      const first = exchanges.length;
      const result = await client.callTool({ name: c.list.tool, arguments: c.list.args });
      expect(result.isError, textOf(result)).toBeFalsy();
      const page = JSON.parse(textOf(result)) as { items: unknown[]; next_cursor: string | null };
      expect(Array.isArray(page.items)).toBe(true);
      expect(page.next_cursor === null || typeof page.next_cursor === "string").toBe(true);
      const sent = exchanges.slice(first);
      expect(sent.length).toBe(1);
      expect(sent[0]!.violations, sent[0]!.url).toBeNull();
      if (page.next_cursor !== null) {
        const argument = c.pkg.tools.find((t) => t.name === c.list.tool)!.paging!.argument;
        const next = await client.callTool({ name: c.list.tool, arguments: { ...c.list.args, [argument]: page.next_cursor } });
        expect(next.isError, textOf(next)).toBeFalsy();
        const position = c.pkg.tools.find((t) => t.name === c.list.tool)!.paging!.positionParam;
        expect(new URL(exchanges.at(-1)!.url).searchParams.get(position)).toBe(page.next_cursor);
      }
    });

    it("a get tool returns the record", async () => {
      const client = await connect({ env: c.env(prism.url), tools: "all" });
      const first = exchanges.length;
      const result = await client.callTool({ name: c.get.tool, arguments: c.get.args });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(typeof JSON.parse(textOf(result))).toBe("object");
      expect(exchanges.slice(first).map((e) => e.violations)).toEqual([null]);
    });

    it("a vendor error comes back as a tool error with the status, and no stack or credential", async () => {
      const env = c.env(prism.url);
      const server = createMcpServer(c.pkg, { env, tools: "all", clientOptions: { fetch: recordingFetch, maxRetries: 0, headers: { Prefer: "code=404" } } });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: "crmkit-tests", version: "1.0.0" });
      await client.connect(clientSide);
      open.push(() => client.close());
      const result = await client.callTool({ name: c.get.tool, arguments: c.get.args });
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toMatch(/HTTP 404 \(not_found\)/);
      expect(text).not.toMatch(/\n\s+at /);
      for (const [name, value] of Object.entries(env)) {
        if (value && /TOKEN|KEY|PASSWORD|SECRET/.test(name)) expect(text).not.toContain(value);
      }
    });

    it("a bad argument is refused before any request, naming the argument", async () => {
      const client = await connect({ env: c.env(prism.url), tools: "all" });
      const first = exchanges.length;
      const result = await client.callTool({ name: c.get.tool, arguments: c.get.badArgs });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Input validation error/);
      expect(textOf(result)).toContain(Object.keys(c.get.badArgs)[0]!);
      expect(exchanges.length).toBe(first);
    });

    it("a missing credential is a tool error naming the variable", async () => {
      const { [c.credentialVariable]: _dropped, ...env } = c.env(prism.url);
      const client = await connect({ env, tools: "all" });
      const result = await client.callTool({ name: c.get.tool, arguments: c.get.args });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(c.credentialVariable);
    });

    it("dynamic mode finds, describes and calls an operation", async () => {
      const client = await connect({ env: c.env(prism.url), tools: "dynamic" });
      const listed = textOf(await client.callTool({ name: "list_operations", arguments: { filter: c.get.tool.split("_")[0] } }));
      expect(listed).toContain(`${c.get.tool}:`);
      const described = JSON.parse(textOf(await client.callTool({ name: "describe_operation", arguments: { name: c.get.tool } }))) as { inputSchema: unknown };
      expect(described.inputSchema).toEqual(c.pkg.tools.find((t) => t.name === c.get.tool)!.inputSchema);
      const called = await client.callTool({ name: "call_operation", arguments: { name: c.get.tool, arguments: c.get.args } });
      expect(called.isError, textOf(called)).toBeFalsy();
      const refused = await client.callTool({ name: "call_operation", arguments: { name: c.get.tool, arguments: c.get.badArgs } });
      expect(refused.isError).toBe(true);
      const unknown = await client.callTool({ name: "call_operation", arguments: { name: "no_such_tool" } });
      expect(textOf(unknown)).toMatch(/no operation named "no_such_tool"/);
    });

    it("Streamable HTTP on 127.0.0.1: credentials from the environment or the request's Authorization header", async () => {
      const logged: string[] = [];
      const withEnv = await serveHttp(c.pkg, { port: 0, env: c.env(prism.url), clientOptions: { fetch: recordingFetch, maxRetries: 0 }, log: (l) => logged.push(l) });
      const headerOnly = await serveHttp(c.pkg, {
        port: 0,
        tools: "all",
        env: c.envWithoutHeaderCredential(prism.url),
        clientOptions: { fetch: recordingFetch, maxRetries: 0 },
        log: (l) => logged.push(l),
      });
      open.push(withEnv.close, headerOnly.close);
      expect(withEnv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);

      const a = await viaHttp(withEnv);
      const listed = await a.callTool(
        c.pkg.vendor.defaultTools === "dynamic" ? { name: "call_operation", arguments: { name: c.list.tool, arguments: c.list.args } } : { name: c.list.tool, arguments: c.list.args },
      );
      expect(listed.isError, textOf(listed)).toBeFalsy();

      const b = await viaHttp(headerOnly, c.authorization);
      const first = exchanges.length;
      const got = await b.callTool({ name: c.get.tool, arguments: c.get.args });
      expect(got.isError, textOf(got)).toBeFalsy();
      expect(exchanges.length).toBe(first + 1);

      const anonymous = await viaHttp(headerOnly);
      const refused = await anonymous.callTool({ name: c.get.tool, arguments: c.get.args });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain(c.credentialVariable);

      const get = await fetch(withEnv.url, { headers: { Accept: "text/event-stream" } });
      expect(get.status).toBe(405);
      const token = c.authorization.split(" ")[1]!;
      expect(logged.join("\n")).not.toContain(token);
    });
  });
}
