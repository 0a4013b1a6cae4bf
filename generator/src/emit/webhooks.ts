import type { ApiModel } from "../model.js";
import type { WebhooksModel } from "../webhooks.js";

/**
 * `webhooks.gen.ts`: the event names, a payload type per event, the discriminated event union and
 * `parseWebhook` bound to the vendor's delivery rules. It imports only `@crmkit/runtime/webhooks`
 * (and types), so `<package>/webhooks` bundles without the client.
 */
export function emitWebhooks(model: ApiModel): string {
  const hooks = model.webhooks;
  if (!hooks) throw new Error("emitWebhooks: the model has no webhooks");
  const prefix = model.client.name;
  const vendor = vendorName(model);
  const names = `${prefix}WebhookEventName`;
  const payloads = `${prefix}WebhookPayloads`;
  const eventType = `${prefix}WebhookEvent`;
  const optionsType = `${prefix}ParseWebhookOptions`;
  const v = hooks.verification;
  const signed = v.type !== "none";
  const stripped = v.type === "echoed-secret" && !v.field.includes(".") ? v.field : undefined;
  const withResource = hooks.events.some((e) => e.resourceUrlField);
  const out: string[] = [];

  out.push(
    `import { parseWebhookRequest } from "@crmkit/runtime/webhooks";`,
    `import type { ${["KnownWebhookEvent", "ParseWebhookOptions", "UnknownWebhookEvent", "WebhookDefinition", ...(withResource ? ["WebhookResourceMethods"] : [])].join(", ")} } from "@crmkit/runtime/webhooks";`,
    `import type { components } from "./types.gen.js";`,
    "",
    `export { WebhookVerificationError, isWebhookVerificationError, fromNodeRequest } from "@crmkit/runtime/webhooks";`,
    `export type {`,
    `  WebhookFailureReason,`,
    `  WebhookResourceClient,`,
    `  FetchResourceOptions,`,
    `  KnownWebhookEvent,`,
    `  UnknownWebhookEvent,`,
    `  WebhookVerificationMethod,`,
    `  NodeIncomingMessage,`,
    `} from "@crmkit/runtime/webhooks";`,
    "",
    doc(`Every webhook event the ${model.title} spec documents, in the spec's order.`),
    `export const webhookEventNames = [`,
    ...hooks.events.map((e) => `  ${JSON.stringify(e.name)},`),
    `] as const;`,
    "",
    doc(`The name of a documented ${vendor} webhook event.`),
    `export type ${names} = (typeof webhookEventNames)[number];`,
    "",
    doc(`The payload of each documented event: the delivery's decoded body${stripped ? ` (without \`${stripped}\`, which is checked and then dropped)` : ""}.`),
    `export interface ${payloads} {`,
  );
  for (const e of hooks.events) {
    const lines = [e.summary, e.description].filter((x): x is string => Boolean(x));
    if (lines.length || e.deprecated) out.push(doc([...lines, ...(e.deprecated ? ["@deprecated The vendor marks this event as deprecated."] : [])].join("\n\n"), "  "));
    const schema = `components["schemas"][${JSON.stringify(e.payloadSchema)}]`;
    out.push(`  ${JSON.stringify(e.name)}: ${stripped ? `Omit<${schema}, ${JSON.stringify(stripped)}>` : schema};`);
  }
  out.push("}", "");

  out.push(
    doc(
      [
        `A webhook delivery from ${vendor}, verified and decoded. Check \`known\` first: a delivery of an event the spec does not list`,
        "(a new vendor event, say) is an `UnknownWebhookEvent` with an untyped payload; after that, narrow on `name`.",
        withResource
          ? "Events whose payload names the changed record's URL have `fetch(client)` and `confirm(client)`."
          : "",
      ]
        .filter(Boolean)
        .join("\n"),
    ),
    `export type ${eventType} =`,
  );
  for (const e of hooks.events) {
    const known = `KnownWebhookEvent<${JSON.stringify(e.name)}, ${payloads}[${JSON.stringify(e.name)}]>`;
    out.push(`  | ${e.resourceUrlField ? `(${known} & WebhookResourceMethods)` : known}`);
  }
  out.push(`  | UnknownWebhookEvent;`, "");

  // Options: only what applies to this vendor, with the secret required where deliveries carry proof.
  const omitted = ["secret", "allowUnsigned", "event", ...(v.type === "hmac" ? [] : ["algorithms"]), ...(v.timestamp ? [] : ["toleranceSeconds"])];
  const base = `Omit<ParseWebhookOptions, ${omitted.map((o) => JSON.stringify(o)).join(" | ")}>`;
  const parts = [base];
  if (signed) {
    parts.push(`({ secret: string | readonly string[]; allowUnsigned?: boolean } | { secret?: undefined; allowUnsigned: true })`);
  }
  if (hooks.event.in === "subscription") parts.push(`{ event: ${names} | (string & {}) }`);
  out.push(
    doc(
      [
        `Options of {@link parseWebhook}.`,
        signed
          ? `\`secret\` is the secret the subscription was created with (several during a rotation); \`allowUnsigned: true\` accepts deliveries of a subscription that has none, unverified.`
          : `${vendor} deliveries carry nothing to verify; confirm one by reading the record (\`event.confirm(client)\`).`,
        hooks.event.in === "subscription"
          ? "`event` names the hook's event: deliveries do not, so register each hook at its own URL (e.g. `?event=newproject`) and pass it on."
          : "",
        v.timestamp ? `\`toleranceSeconds\` (default ${v.timestamp.toleranceSeconds}) bounds how old or early a delivery's \`${v.timestamp.field}\` may be; 0 turns the check off.` : "",
      ]
        .filter(Boolean)
        .join("\n"),
    ),
    `export type ${optionsType} = ${parts.join(" & ")};`,
    "",
  );

  out.push(doc(`How ${vendor} delivers webhooks, from its spec; {@link parseWebhook} applies it.`), `export const webhookDefinition: WebhookDefinition = ${definitionLiteral(model, hooks)};`, "");

  out.push(
    doc(
      [
        `Verifies and decodes one ${vendor} webhook delivery: ${describeChecks(hooks)}.`,
        "Pass the standard `Request` untouched (its body unread); from Node's http use `fromNodeRequest(req)`.",
        "",
        "@throws WebhookVerificationError with a `reason` when a check fails (the message never holds a secret).",
        "@example",
        "```ts",
        ...exampleLines(model, hooks),
        "```",
      ].join("\n"),
    ),
    `export function parseWebhook(request: Request, options${signed || hooks.event.in === "subscription" ? "" : "?"}: ${optionsType}): Promise<${eventType}> {`,
    `  return parseWebhookRequest(request, webhookDefinition, options) as Promise<${eventType}>;`,
    `}`,
    "",
  );
  return out.join("\n");
}

function describeChecks(hooks: WebhooksModel): string {
  const v = hooks.verification;
  const checks = [
    `a ${hooks.method} request`,
    v.type === "hmac"
      ? `the HMAC in \`${v.header}\` over the raw body (${v.algorithms.join(", ")}), in constant time`
      : v.type === "echoed-secret"
        ? `the secret echoed in \`${v.field}\`, in constant time`
        : "nothing to verify (the vendor signs nothing)",
    ...(v.timestamp ? [`\`${v.timestamp.field}\` within the tolerance, against replays`] : []),
    hooks.event.in === "header" ? `the event from \`${hooks.event.name}\`` : hooks.event.in === "body" ? `the event from the body's \`${hooks.event.name}\`` : "the event from `options.event`",
  ];
  return checks.join(", ");
}

/** The short example in parseWebhook's JSDoc; the README and docs show a whole receiver. */
function exampleLines(model: ApiModel, hooks: WebhooksModel): string[] {
  const first = hooks.events[0]!;
  const opts = [
    ...(hooks.verification.type !== "none" ? [`secret: process.env.${model.client.name.toUpperCase()}_WEBHOOK_SECRET!`] : []),
    ...(hooks.event.in === "subscription" ? [`event: new URL(request.url).searchParams.get("event") ?? ""`] : []),
  ];
  return [
    `const event = await parseWebhook(request${opts.length ? `, { ${opts.join(", ")} }` : ""});`,
    `if (event.known && event.name === ${JSON.stringify(first.name)}) console.log(event.payload);`,
  ];
}

function definitionLiteral(model: ApiModel, hooks: WebhooksModel): string {
  const top: Array<[string, unknown]> = [
    ["vendor", vendorName(model)],
    ["method", hooks.method],
    ["event", hooks.event],
    ["verification", hooks.verification],
    // Resource URLs point at records, so only the document-level servers count (not, say, an OAuth host).
    ["servers", model.servers.map((s) => s.url)],
  ];
  const events = hooks.events.map((e) => `    ${JSON.stringify(e.name)}: ${JSON.stringify(e.resourceUrlField ? { resourceUrl: e.resourceUrlField } : {})},`);
  return ["{", ...top.map(([k, v]) => `  ${k}: ${JSON.stringify(v)},`), "  events: {", ...events, "  },", "}"].join("\n");
}

/** The vendor as people write it, from the spec's title ("OnePageCRM API" → "OnePageCRM"). */
export function vendorName(model: ApiModel): string {
  return model.title.replace(/\s+API\b.*$/i, "").trim() || model.client.name;
}

/** A JSDoc block, with comment terminators defused. */
function doc(text: string, indent = ""): string {
  const lines = text.replace(/\*\//g, "*\\/").split("\n");
  return [`${indent}/**`, ...lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`].join("\n");
}

/** What the receiver answers when a delivery fails a check: never a status that makes the vendor drop the hook. */
function rejectStatus(hooks: WebhooksModel): { status: number; why?: string } {
  const dropsOn4xx = hooks.events.some((e) => e.responses.some((r) => /^4xx$/i.test(r.status)));
  if (dropsOn4xx) return { status: 200, why: "any 4xx would delete the hook" };
  return { status: hooks.verification.type === "none" ? 400 : 401 };
}

/**
 * A whole receiver on node:http in about 15 lines, for the README and the docs site: parse, answer at
 * once, then handle the event (fetching the record where the payload names it).
 */
export function webhookReceiverExample(model: ApiModel, options: { clientOptions: string[] }): string {
  const hooks = model.webhooks;
  if (!hooks) throw new Error("webhookReceiverExample: the model has no webhooks");
  const pkg = model.client.packageName;
  const factory = `create${model.client.name}Client`;
  const env = model.client.name.toUpperCase();
  const first = hooks.events.find((e) => e.resourceUrlField) ?? hooks.events[0]!;
  const parseOptions = [
    ...(hooks.verification.type !== "none" ? [`secret: process.env.${env}_WEBHOOK_SECRET!`] : []),
    ...(hooks.event.in === "subscription" ? [`event: new URL(request.url).searchParams.get("event") ?? ""`] : []),
  ];
  const reject = rejectStatus(hooks);
  const deadline = hooks.timeoutSeconds ? `${vendorName(model)} waits ${hooks.timeoutSeconds} s: answer first, work afterwards` : "answer first, work afterwards";
  const use = first.resourceUrlField
    ? hooks.verification.type === "none"
      ? `console.log(await event.confirm(client)); // nothing signs ${vendorName(model)} deliveries: reading the record confirms it`
      : "console.log(await event.fetch(client));"
    : "console.log(event.payload);";
  const lines = [
    `import { createServer } from "node:http";`,
    ...(first.resourceUrlField ? [`import { ${factory} } from "${pkg}";`] : []),
    `import { fromNodeRequest, isWebhookVerificationError, parseWebhook } from "${pkg}/webhooks";`,
    "",
    ...(first.resourceUrlField ? [`const client = ${factory}({ ${options.clientOptions.join(", ")} });`, ""] : []),
    "createServer(async (req, res) => {",
    "  const event = await fromNodeRequest(req)",
    `    .then((request) => parseWebhook(request${parseOptions.length ? `, { ${parseOptions.join(", ")} }` : ""}))`,
    `    .catch((error: unknown) => void res.writeHead(isWebhookVerificationError(error) ? ${reject.status} : 500).end());${reject.why ? ` // ${reject.why}` : ""}`,
    "  if (!event) return;",
    `  res.writeHead(200).end(); // ${deadline}`,
    "  if (!event.known) return console.warn(`unknown event ${event.name}`, event.payload);",
    `  if (event.name === ${JSON.stringify(first.name)}) ${use}`,
    "}).listen(8080);",
  ];
  return lines.join("\n");
}
