import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { emitReadme } from "../src/emit/readme.js";
import { generateSources } from "../src/generate.js";
import { loadDocument } from "../src/load.js";
import { buildModel } from "../src/model.js";

const source = readFileSync(fileURLToPath(new URL("./fixtures/shop.yaml", import.meta.url)), "utf8");

/** The shop fixture with two 3.1 webhooks: a signed order event with a resource URL, and a delete without one. */
function withWebhooks(change: (doc: any) => void = () => {}): string {
  const doc = parse(source);
  doc["x-crmkit-webhook-delivery"] = { event: { in: "header", name: "X-Shop-Event" }, events: { $ref: "#/components/schemas/ShopEvent" }, timeoutSeconds: 5 };
  doc["x-crmkit-webhook-verification"] = { type: "hmac", header: "X-Shop-Signature", algorithms: ["sha256"], encoding: "hex", prefix: "sha256=" };
  const delivery = (summary: string, schema: string) => ({
    post: {
      operationId: `receive${schema}${summary.length}`,
      summary,
      requestBody: { content: { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } } },
      responses: { "200": { description: "Acknowledged." }, "410": { description: "Stops the deliveries." } },
    },
  });
  doc.webhooks = { "order.created": delivery("An order was placed", "OrderEvent"), "order.deleted": delivery("An order was deleted", "OrderDeleted") };
  doc.components.schemas.ShopEvent = { type: "string", enum: ["order.created", "order.deleted"] };
  doc.components.schemas.OrderEvent = {
    type: "object",
    properties: { id: { type: "string" }, href: { type: "string", format: "uri", "x-crmkit-resource-url": true } },
  };
  doc.components.schemas.OrderDeleted = { type: "object", properties: { id: { type: "string" } } };
  change(doc);
  return stringify(doc);
}

const modelOf = (text: string) => buildModel(loadDocument("specs/shop.yaml", text));
const readmeOf = (text: string) => {
  const loaded = loadDocument("specs/shop.yaml", text);
  return emitReadme(buildModel(loaded), loaded);
};
const errorOf = (text: string) => {
  try {
    modelOf(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the spec to be refused");
};

describe("webhooks in the model", () => {
  it("reads events, payload schemas, resource URLs, answers and the vendor's rules", () => {
    const hooks = modelOf(withWebhooks()).webhooks!;
    expect(hooks).toMatchObject({
      method: "POST",
      event: { in: "header", name: "X-Shop-Event" },
      verification: { type: "hmac", header: "X-Shop-Signature", algorithms: ["sha256"], encoding: "hex", prefix: "sha256=" },
      timeoutSeconds: 5,
    });
    expect(hooks.events.map((e) => [e.name, e.payloadSchema, e.resourceUrlField, e.summary])).toEqual([
      ["order.created", "OrderEvent", "href", "An order was placed"],
      ["order.deleted", "OrderDeleted", undefined, "An order was deleted"],
    ]);
    expect(hooks.events[0]!.responses).toEqual([
      { status: "200", description: "Acknowledged." },
      { status: "410", description: "Stops the deliveries." },
    ]);
    expect(hooks.events[0]!.contentTypes).toEqual(["application/json"]);
  });

  it("has no webhooks when the spec declares none", () => {
    expect(modelOf(source).webhooks).toBeUndefined();
  });

  it("reads x-crmkit-webhooks from a 3.0 spec, with an echoed secret and a timestamp rule", () => {
    const hooks = modelOf(
      withWebhooks((doc) => {
        doc.openapi = "3.0.3";
        delete doc.webhooks;
        doc["x-crmkit-webhooks"] = { order: { summary: "Order changed", payload: { $ref: "#/components/schemas/OrderPing" } } };
        delete doc["x-crmkit-webhook-delivery"].events;
        doc["x-crmkit-webhook-delivery"].event = { in: "body", name: "type" };
        doc["x-crmkit-webhook-verification"] = { type: "echoed-secret", field: "key", timestamp: { field: "ts", format: "unix-seconds", toleranceSeconds: 60 } };
        doc.components.schemas.OrderPing = { type: "object", properties: { type: { type: "string" }, key: { type: "string" }, ts: { type: "integer" } } };
      }),
    ).webhooks!;
    expect(hooks.event).toEqual({ in: "body", name: "type" });
    expect(hooks.verification).toEqual({ type: "echoed-secret", field: "key", timestamp: { field: "ts", format: "unix-seconds", toleranceSeconds: 60 } });
    expect(hooks.events).toMatchObject([{ name: "order", payloadSchema: "OrderPing", contentTypes: [], responses: [] }]);
  });

  it("refuses incomplete or contradictory webhook specs, naming the place", () => {
    expect(errorOf(withWebhooks((d) => delete d["x-crmkit-webhook-verification"]))).toMatch(/at #: webhooks need x-crmkit-webhook-verification/);
    expect(errorOf(withWebhooks((d) => delete d["x-crmkit-webhook-delivery"]))).toMatch(/webhooks need x-crmkit-webhook-delivery/);
    expect(errorOf(withWebhooks((d) => (d.webhooks["order.created"].post.requestBody.content["application/json"].schema = { type: "object" })))).toMatch(
      /#\/webhooks\/order\.created\/post\/requestBody\/content\/application~1json\/schema: a webhook payload must be a \$ref to a component schema/,
    );
    expect(errorOf(withWebhooks((d) => d.components.schemas.ShopEvent.enum.push("order.paid")))).toMatch(/x-crmkit-webhook-delivery\/events: no webhook for order\.paid/);
    expect(errorOf(withWebhooks((d) => (d.components.schemas.ShopEvent.enum = ["order.created"])))).toMatch(/not in the event list: order\.deleted/);
    expect(errorOf(withWebhooks((d) => (d["x-crmkit-webhook-verification"].algorithms = ["md5"])))).toMatch(/algorithms\/0: unknown algorithm "md5"/);
    expect(errorOf(withWebhooks((d) => (d["x-crmkit-webhook-verification"] = { type: "echoed-secret", field: "secret" })))).toMatch(
      /#\/components\/schemas\/OrderEvent: the payload of "order\.created" has no "secret" property/,
    );
    expect(errorOf(withWebhooks((d) => (d["x-crmkit-webhook-delivery"].event = { in: "query" })))).toMatch(/event\/in: "in" must be header, body or subscription/);
    expect(errorOf(withWebhooks((d) => (d["x-crmkit-webhooks"] = {})))).toMatch(/not both/);
    expect(errorOf(withWebhooks((d) => (d.openapi = "3.0.3")))).toMatch(/OpenAPI 3\.0 has no `webhooks:`/);
    expect(errorOf(withWebhooks((d) => (d.components.schemas.OrderEvent.properties.id["x-crmkit-resource-url"] = true)))).toMatch(/more than one property is marked/);
    expect(errorOf(withWebhooks((d) => (d.webhooks["order.created"].put = d.webhooks["order.created"].post)))).toMatch(/exactly one operation \(found 2\)/);
    expect(
      errorOf(
        withWebhooks((d) => {
          delete d.webhooks;
        }),
      ),
    ).toMatch(/webhook settings without any webhook/);
  });
});

describe("webhooks.gen.ts", () => {
  it("emits the names, payloads, the event union with an unknown member, the options and parseWebhook", async () => {
    const { files } = await generateSources("specs/shop.yaml", "shop", withWebhooks());
    const file = files.get("webhooks.gen.ts")!;
    expect(file.startsWith("// Generated by @crmkit/generator from the shop spec.")).toBe(true);
    expect(file).toContain('import { parseWebhookRequest } from "@crmkit/runtime/webhooks";');
    expect(file).not.toMatch(/from "\.\/client\.gen\.js"|from "@crmkit\/runtime";/);
    expect(file).toContain('export const webhookEventNames = [\n  "order.created",\n  "order.deleted",\n] as const;');
    expect(file).toContain('  "order.created": components["schemas"]["OrderEvent"];');
    expect(file).toContain('  | (KnownWebhookEvent<"order.created", ShopWebhookPayloads["order.created"]> & WebhookResourceMethods)');
    expect(file).toContain('  | KnownWebhookEvent<"order.deleted", ShopWebhookPayloads["order.deleted"]>\n  | UnknownWebhookEvent;');
    expect(file).toContain(
      'export type ShopParseWebhookOptions = Omit<ParseWebhookOptions, "secret" | "allowUnsigned" | "event" | "toleranceSeconds"> & ({ secret: string | readonly string[]; allowUnsigned?: boolean } | { secret?: undefined; allowUnsigned: true });',
    );
    expect(file).toContain('  verification: {"type":"hmac","header":"X-Shop-Signature","algorithms":["sha256"],"encoding":"hex","prefix":"sha256="},');
    expect(file).toContain('  servers: ["https://{region}.shop.test/v1"],');
    expect(file).toContain('    "order.created": {"resourceUrl":"href"},\n    "order.deleted": {},');
    expect(file).toContain("export function parseWebhook(request: Request, options: ShopParseWebhookOptions): Promise<ShopWebhookEvent> {");
    expect(modelOf(source).webhooks).toBeUndefined();
    expect((await generateSources("specs/shop.yaml", "shop", source)).files.has("webhooks.gen.ts")).toBe(false);
  });

  it("requires `event` where deliveries do not name it, and drops a checked echoed secret from the payload type", async () => {
    const { files } = await generateSources(
      "specs/shop.yaml",
      "shop",
      withWebhooks((doc) => {
        doc["x-crmkit-webhook-delivery"].event = { in: "subscription" };
        doc["x-crmkit-webhook-verification"] = { type: "echoed-secret", field: "id" };
      }),
    );
    const file = files.get("webhooks.gen.ts")!;
    expect(file).toContain('  "order.created": Omit<components["schemas"]["OrderEvent"], "id">;');
    expect(file).toContain("& { event: ShopWebhookEventName | (string & {}) };");
    expect(file).toContain('Omit<ParseWebhookOptions, "secret" | "allowUnsigned" | "event" | "algorithms" | "toleranceSeconds">');
  });
});

describe("README webhooks section", () => {
  it("explains verification, shows a whole receiver, the answers that matter and every event", () => {
    const readme = readmeOf(withWebhooks());
    const headings = readme.split("\n").filter((l) => l.startsWith("## "));
    expect(headings.slice(-3)).toEqual(["## Webhooks", "## In a browser bundle", "## License"]);
    expect(readme).toContain("`@crmkit/shop/webhooks` receives Shop's webhook deliveries");
    expect(readme).toContain("checks the HMAC in `X-Shop-Signature` over the raw body (sha256;");
    expect(readme).toContain('import { fromNodeRequest, isWebhookVerificationError, parseWebhook } from "@crmkit/shop/webhooks";');
    expect(readme).toContain("const client = createShopClient({ region: process.env.SHOP_REGION, apiToken: process.env.SHOP_API_TOKEN });");
    expect(readme).toContain('if (event.name === "order.created") console.log(await event.fetch(client));');
    expect(readme).toContain("res.writeHead(200).end(); // Shop waits 5 s: answer first, work afterwards");
    expect(readme).toContain("- `410`: Stops the deliveries.");
    expect(readme).toContain("| `order.deleted` | An order was deleted |");
    const example = readme.slice(readme.indexOf("```ts\nimport { createServer }"), readme.indexOf("```\n", readme.indexOf("```ts\nimport { createServer }") + 5));
    expect(example.split("\n").length).toBeLessThanOrEqual(17);
  });

  it("never answers a failed check with a status that makes the vendor delete the hook", () => {
    const readme = readmeOf(
      withWebhooks((doc) => {
        doc["x-crmkit-webhook-verification"] = { type: "none" };
        doc["x-crmkit-webhook-delivery"].event = { in: "subscription" };
        for (const hook of Object.values<any>(doc.webhooks)) hook.post.responses = { "200": { description: "Received." }, "4XX": { description: "Deletes the hook." } };
      }),
    );
    expect(readme).toContain("isWebhookVerificationError(error) ? 200 : 500).end()); // any 4xx would delete the hook");
    expect(readme).toContain('event: new URL(request.url).searchParams.get("event") ?? ""');
    expect(readme).toContain("console.log(await event.confirm(client)); // nothing signs Shop deliveries");
  });
});
