// The site's code samples and tables must match the real clients and runtime, not just the specs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CLASSES, RUNTIME_DEFAULTS, TRANSPORT_ERRORS, type VendorFacts } from "../src/facts.js";
import { allVendorFacts } from "./support/vendors.js";

const vendors = allVendorFacts();

type AnyClient = Record<string, Record<string, (params?: object, options?: object) => PromiseLike<unknown>>>;

async function clientFor(v: VendorFacts, extra: Record<string, unknown> = {}): Promise<AnyClient> {
  const pkg = (await import(v.packageName)) as Record<string, unknown>;
  const factory = pkg[v.factory];
  if (typeof factory !== "function") throw new Error(`${v.packageName} does not export ${v.factory}`);
  const options = Object.fromEntries(v.exampleOptions.map((o) => [o, `example-${o}`]));
  return factory({ ...options, ...extra }) as AnyClient;
}

describe("the documented first call exists in each built client", () => {
  it.each(vendors.map((v) => [v.slug, v] as const))("%s", async (_slug, v) => {
    expect(v.exampleOptions.length).toBeGreaterThan(0);
    const client = await clientFor(v);
    expect(typeof client[v.firstCall.resource]?.[v.firstCall.method]).toBe("function");
    for (const r of v.resources) {
      for (const m of r.methods) expect(typeof client[r.name]?.[m], `client.${r.name}.${m}`).toBe("function");
    }
  });
});

describe("the documented error table matches what a client throws", () => {
  // Answers every request with the status and content type named in the path: /<status>/<type>/...
  let server: Server;
  let origin = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [, status, type] = (req.url ?? "").split("/");
      res.writeHead(Number(status), { "content-type": decodeURIComponent(type ?? "application/json") });
      res.end(type?.includes("json") ? JSON.stringify({ message: "from the test server" }) : "from the test server");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function errorOf(v: VendorFacts, status: number, contentType = "application/json") {
    const client = await clientFor(v, { baseUrl: `${origin}/${status}/${encodeURIComponent(contentType)}`, maxRetries: 0 });
    try {
      await client[v.firstCall.resource]![v.firstCall.method]!({});
    } catch (error) {
      return error as Error & { kind: string; status?: number };
    }
    throw new Error(`${v.slug}: status ${status} did not throw`);
  }

  const statusOf = (label: string) => (label === "5xx" ? 503 : label === "other 4xx" ? 418 : Number(label));

  it.each(ERROR_CLASSES.map((row) => [row.status, row] as const))("status %s", async (_label, row) => {
    for (const v of vendors) {
      const error = await errorOf(v, statusOf(row.status));
      expect([v.slug, error.name, error.kind, error.status]).toEqual([v.slug, row.name, row.kind, statusOf(row.status)]);
    }
  });

  it("each spec's throttling answers throw RateLimitError", async () => {
    for (const v of vendors) {
      for (const rule of v.rateLimit?.throttled ?? [{ status: 429 }]) {
        const error = await errorOf(v, rule.status, rule.contentType ?? "application/json");
        expect([v.slug, rule.status, error.name]).toEqual([v.slug, rule.status, "RateLimitError"]);
      }
    }
  });

  it("a refused connection throws the documented connection error", async () => {
    const v = vendors[0]!;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = await clientFor(v, { baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await Promise.resolve(client[v.firstCall.resource]![v.firstCall.method]!({})).catch((e: Error & { kind: string }) => e);
    const row = TRANSPORT_ERRORS.find((e) => e.kind === "connection")!;
    expect([(error as Error).name, (error as { kind?: string }).kind]).toEqual([row.name, row.kind]);
  });
});

describe("runtime defaults quoted by the guides", () => {
  it("are the runtime's own table", async () => {
    const { RUNTIME_DEFAULTS: fromRuntime } = await import("@crmkit/runtime");
    expect(RUNTIME_DEFAULTS).toMatchObject(fromRuntime);
  });
});

describe("the documented webhooks match each built webhooks entry", () => {
  it.each(vendors.filter((v) => v.webhooks).map((v) => [v.slug, v] as const))("%s", async (_slug, v) => {
    const entry = (await import(v.webhooks!.entry)) as Record<string, unknown>;
    for (const name of ["parseWebhook", "fromNodeRequest", "isWebhookVerificationError", "WebhookVerificationError"]) {
      expect(typeof entry[name], `${v.webhooks!.entry} exports ${name}`).toBe("function");
    }
    expect(v.webhooks!.events.map((e) => e.name)).toEqual([...(entry.webhookEventNames as string[])]);
    // The receiver example imports only what the entry and the package export.
    const imported = [...v.webhooks!.receiver.matchAll(/import \{ ([^}]+) \} from "([^"]+)"/g)];
    for (const [, names, from] of imported) {
      if (from!.startsWith("node:")) continue;
      const mod = (await import(from!)) as Record<string, unknown>;
      for (const name of names!.split(",").map((n) => n.trim())) expect(typeof mod[name], `${from} exports ${name}`).toBe("function");
    }
  });
});

describe("the documented field selections send what the guides say", () => {
  // Records each request's query and answers an empty list in the vendor's envelope, whatever was asked.
  let server: Server;
  let origin = "";
  const queries: URLSearchParams[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      queries.push(new URL(req.url ?? "/", "http://x").searchParams);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const selecting = vendors.filter((v) => v.fieldSelection);
  it("covers every vendor whose spec declares a selection", () => {
    expect(selecting.map((v) => v.slug).sort()).toEqual(["accelo", "onepagecrm", "proworkflow"]);
    expect(vendors.find((v) => v.slug === "wealthbox")!.fieldSelection).toBe("");
  });

  it.each(selecting.map((v) => [v.slug, v] as const))("%s", async (_slug, v) => {
    const client = await clientFor(v, { baseUrl: origin, maxRetries: 0 });
    const calls = [...v.fieldSelection.matchAll(/(?:\/\/ sent as `([^`]+)`\n)?(?:const \w+ = )?await client\.(\w+)\.(\w+)\((\{.*\})\);/g)];
    expect(calls.length).toBeGreaterThan(0);
    for (const [, sent, resource, method, args] of calls) {
      const params = Function(`return (${args})`)() as Record<string, unknown>;
      await client[resource!]![method!]!(params).then(() => undefined, () => undefined);
      const query = queries.at(-1)!;
      if (sent) {
        const [name, value] = sent.split("=") as [string, string];
        expect(query.get(name)).toBe(value);
      } else {
        const [name, list] = Object.entries(params).find(([, value]) => Array.isArray(value)) as [string, string[]];
        const item = /Each name is sent as `([^`]+)` for `"([^"]+)"`/.exec(v.fieldSelection);
        const written = item ? list.map((n) => item[1]!.replace(item[2]!, n)) : list;
        expect(query.get(name)).toBe(written.join(","));
      }
    }
  });
});
