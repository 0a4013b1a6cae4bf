// @ts-check
/**
 * What the site says about one vendor, taken from its bundled spec through the generator's model, so
 * the pages stay right when a spec changes. Nothing here names a vendor.
 */
import { fieldSelectionSection, readmeSections, singularize, usage, webhookReceiverExample } from "@crmkit/generator";
import { RUNTIME_DEFAULTS as runtimeDefaults } from "@crmkit/runtime";

/** @typedef {import("@crmkit/generator").ApiModel} ApiModel */
/** @typedef {import("@crmkit/generator").OperationModel} OperationModel */

/** Settings the runtime applies when neither the spec nor the caller sets them: the runtime's own table. */
export const RUNTIME_DEFAULTS = { ...runtimeDefaults, maxRetryAfterMs: runtimeDefaults.maxRetryWaitMs };

/**
 * The error a failed call throws, by HTTP status (packages/runtime/src/errors.ts; test/facts.test.ts
 * checks each row against a real client).
 */
export const ERROR_CLASSES = [
  { status: "400", name: "BadRequestError", kind: "bad_request" },
  { status: "401", name: "AuthenticationError", kind: "unauthorized" },
  { status: "403", name: "PermissionDeniedError", kind: "forbidden" },
  { status: "404", name: "NotFoundError", kind: "not_found" },
  { status: "409", name: "ConflictError", kind: "conflict" },
  { status: "422", name: "UnprocessableEntityError", kind: "unprocessable" },
  { status: "429", name: "RateLimitError", kind: "rate_limited" },
  { status: "5xx", name: "InternalServerError", kind: "server_error" },
  { status: "other 4xx", name: "CrmApiError", kind: "http_error" },
];

/** Failures without a usable HTTP answer. */
export const TRANSPORT_ERRORS = [
  { name: "CrmConnectionError", kind: "connection", when: "DNS, refused or reset connection, TLS, a body cut short" },
  { name: "CrmTimeoutError", kind: "timeout", when: "an attempt took longer than timeoutMs, or the call than deadlineMs" },
  { name: "CrmAbortError", kind: "aborted", when: "the caller's AbortSignal fired" },
  { name: "CrmResponseDecodingError", kind: "decoding", when: "a success status with a body that does not decode" },
  { name: "CrmRedirectError", kind: "redirect", when: "a redirect the client will not follow" },
  { name: "CrmPaginationError", kind: "pagination", when: "a list that cannot go on (repeated page, missing items, pageLimit)" },
];

/**
 * @typedef {object} AuthScheme
 * @property {string} name        the scheme's name in the spec
 * @property {string} how         how the secret travels, in words
 * @property {string} brief       the kind of credential, in a few words
 * @property {string[]} options   client options it reads
 */

/**
 * @typedef {object} FirstCall
 * @property {string} resource
 * @property {string} method
 * @property {string} operationId
 * @property {string} httpMethod
 * @property {string} path
 * @property {string} summary
 * @property {string} itemName     variable name for one item
 * @property {string} paramsLiteral the params object of the example call, as TypeScript
 */

/**
 * @typedef {object} VendorFacts
 * @property {string} slug
 * @property {string} title
 * @property {string} version
 * @property {string | undefined} description  markdown, from the spec
 * @property {string | undefined} vendorDocsUrl
 * @property {string} packageName
 * @property {string} factory       e.g. createWealthboxClient
 * @property {string} clientName
 * @property {ApiModel["servers"]} servers
 * @property {AuthScheme[][]} authAlternatives  each inner list is sent together
 * @property {string[]} serverOptions  server variables, which are client options too
 * @property {string[]} exampleOptions client options of the example factory call, in order
 * @property {Record<string, string>} exampleEnv option → environment variable used in the examples
 * @property {number} operationCount
 * @property {number} listOperationCount
 * @property {number} resourceCount
 * @property {{ name: string, methods: string[] }[]} resources
 * @property {import("@crmkit/generator").ApiModel["pagination"]} paginationDefaults
 * @property {NonNullable<OperationModel["pagination"]>} firstCallPagination
 * @property {FirstCall} firstCall
 * @property {ApiModel["envelope"]} envelope
 * @property {{ requests?: number, perSeconds?: number, scope?: string, throttled: { status: number, contentType?: string }[], headers?: Record<string, string> } | undefined} rateLimit
 * @property {{ maxRetries: number, statuses: number[], fromSpec: boolean }} retry
 * @property {string} fieldSelection  markdown section on typed field selection ("" when the API has none), as the package README has it
 * @property {WebhookFacts | undefined} webhooks  receiving the vendor's webhook deliveries, when it sends any
 * @property {UsageFacts | undefined} usage  the README's sections and the reference's code samples (with the parsed spec)
 */

/**
 * @typedef {object} UsageFacts
 * @property {ReturnType<typeof readmeSections>} sections  markdown, each starting with its `## ` heading
 * @property {Map<string, import("./reference.js").CodeSample[]>} codeSamples  operationId → samples
 * @property {Record<string, Record<string, string>>} operationIds  resource → method → operationId
 */

/**
 * @typedef {object} WebhookFacts
 * @property {string} entry            the package's webhooks entry point (the package name plus /webhooks)
 * @property {string} verifiedBy       how a delivery is verified, in words (markdown)
 * @property {string | undefined} replay  the replay check, in words (markdown)
 * @property {string} eventFrom        where the event name comes from, in words (markdown)
 * @property {number | undefined} timeoutSeconds
 * @property {{ status: string, description: string }[]} answers  what the receiver's answers mean to the vendor
 * @property {{ name: string, summary: string, description: string | undefined, payload: string, fetchable: boolean }[]} events
 * @property {string} receiver         a whole node:http receiver, TypeScript
 */

/**
 * @param {string} slug  the spec's file name without `.json`
 * @param {ApiModel} model
 * @param {import("@crmkit/generator").LoadedDocument} [loaded]  the parsed spec: adds `usage`
 * @returns {VendorFacts}
 */
export function vendorFacts(slug, model, loaded) {
  const schemes = new Map(model.securitySchemes.map((s) => [s.name, s]));
  const authAlternatives = model.security.map((requirement) =>
    requirement.map((name) => {
      const scheme = schemes.get(name);
      if (!scheme) throw new Error(`${slug}: security requirement names unknown scheme "${name}"`);
      return describeScheme(scheme);
    }),
  );
  const serverOptions = (model.servers[0]?.variables ?? []).map((v) => v.name);
  const firstAlternative = authAlternatives[0] ?? [];
  const exampleOptions = unique([...serverOptions, ...firstAlternative.flatMap((s) => s.options)]);
  const envPrefix = slug.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  const exampleEnv = Object.fromEntries(exampleOptions.map((o) => [o, `${envPrefix}_${screamingSnake(o)}`]));

  const lists = model.operations.filter((op) => op.pagination);
  const first = chooseFirstList(slug, lists);
  const paging = /** @type {NonNullable<OperationModel["pagination"]>} */ (first.pagination);
  // A full page up to 100 rows: fewer round trips than the default size, without asking for huge pages.
  const example = paging.sizeParam ? { [paging.sizeParam]: Math.min(paging.maxSize ?? 100, 100) } : {};

  const rateLimit = model.rateLimit
    ? {
        requests: numberOrUndefined(model.rateLimit.requests),
        perSeconds: numberOrUndefined(model.rateLimit.perSeconds),
        scope: typeof model.rateLimit.scope === "string" ? model.rateLimit.scope : undefined,
        throttled: Array.isArray(model.rateLimit.throttled)
          ? /** @type {{ status: number, contentType?: string }[]} */ (model.rateLimit.throttled)
          : [{ status: 429 }],
        headers: /** @type {Record<string, string> | undefined} */ (model.rateLimit.headers),
      }
    : undefined;

  const specRetry = model.retry ?? {};
  return {
    slug,
    title: model.title,
    version: model.version,
    description: model.description,
    vendorDocsUrl: model.docsUrl,
    packageName: model.client.packageName,
    clientName: `${model.client.name}Client`,
    factory: `create${model.client.name}Client`,
    servers: model.servers,
    authAlternatives,
    serverOptions,
    exampleOptions,
    exampleEnv,
    operationCount: model.operations.length,
    listOperationCount: lists.length,
    resourceCount: model.resources.length,
    resources: model.resources.map((r) => ({ name: r.name, methods: r.operations.map((o) => o.methodName) })),
    paginationDefaults: model.pagination,
    firstCallPagination: paging,
    firstCall: {
      resource: first.resource,
      method: first.methodName,
      operationId: first.operationId,
      httpMethod: first.httpMethod.toUpperCase(),
      path: first.path,
      summary: first.summary ?? first.operationId,
      itemName: safeIdentifier(singularize(first.resource)),
      paramsLiteral: objectLiteral(example),
    },
    envelope: model.envelope,
    rateLimit,
    retry: {
      maxRetries: numberOrUndefined(specRetry.maxRetries) ?? RUNTIME_DEFAULTS.maxRetries,
      statuses: Array.isArray(specRetry.statuses) ? specRetry.statuses.map(Number) : [...RUNTIME_DEFAULTS.retryStatuses],
      fromSpec: model.retry !== undefined,
    },
    usage: loaded ? usageFacts(model, loaded) : undefined,
    webhooks: webhookFacts(model, exampleOptions.map((o) => `${o}: process.env.${exampleEnv[o]}!`)),
    fieldSelection: fieldSelectionSection(model).join("\n"),
  };
}

/**
 * @param {ApiModel} model
 * @param {string[]} clientOptions  the example client's options, as TypeScript
 * @returns {WebhookFacts | undefined}
 */
function webhookFacts(model, clientOptions) {
  const hooks = model.webhooks;
  if (!hooks) return undefined;
  const v = hooks.verification;
  const verifiedBy =
    v.type === "hmac"
      ? `an HMAC of the raw body in \`${v.header}\` (${v.algorithms.join(", ")}, ${v.encoding}${v.prefix ? `, written \`${v.prefix.replace("{algorithm}", "<algorithm>")}<digest>\`${v.prefixRequired === false ? " or bare" : ""}` : ""}), keyed with the subscription's secret`
      : v.type === "echoed-secret"
        ? `the shared secret itself, sent back in the body's \`${v.field}\` (compared in constant time, then dropped from the payload)`
        : "nothing (deliveries are not signed; confirm one by reading its record through the API)";
  const replay = v.timestamp
    ? `\`${v.timestamp.field}\` (${v.timestamp.format}) must be within ${v.timestamp.toleranceSeconds} s of the receiver's clock; \`toleranceSeconds\` changes that, 0 turns it off`
    : undefined;
  const eventFrom =
    hooks.event.in === "header"
      ? `the \`${hooks.event.name}\` header`
      : hooks.event.in === "body"
        ? `the body's \`${hooks.event.name}\` field`
        : "nowhere in the delivery (one hook per event): pass `event`, for example from a query parameter of the URL the hook was registered with";
  const first = hooks.events[0];
  return {
    entry: `${model.client.packageName}/webhooks`,
    verifiedBy,
    replay,
    eventFrom,
    timeoutSeconds: hooks.timeoutSeconds,
    answers: (first?.responses ?? []).filter((r) => r.description).map((r) => ({ status: r.status, description: /** @type {string} */ (r.description) })),
    events: hooks.events.map((e) => ({
      name: e.name,
      summary: e.summary ?? e.name,
      description: e.description,
      payload: e.payloadSchema,
      fetchable: e.resourceUrlField !== undefined,
    })),
    receiver: webhookReceiverExample(model, { clientOptions }),
  };
}

/**
 * The same text and code a package README has, plus per operation the TypeScript call and the HTTP
 * request the API reference shows; built by @crmkit/generator from the model and the spec's examples.
 * @param {ApiModel} model
 * @param {import("@crmkit/generator").LoadedDocument} loaded
 * @returns {UsageFacts}
 */
function usageFacts(model, loaded) {
  /** @type {Map<string, import("./reference.js").CodeSample[]>} */
  const codeSamples = new Map();
  for (const op of model.operations) {
    const { typescript, http } = usage.operationSnippets(loaded, model, op);
    codeSamples.set(op.operationId, [
      { lang: "TypeScript", source: typescript },
      { lang: "HTTP", source: http },
    ]);
  }
  /** @type {Record<string, Record<string, string>>} */
  const operationIds = {};
  for (const r of model.resources) operationIds[r.name] = Object.fromEntries(r.operations.map((o) => [o.methodName, o.operationId]));
  return { sections: readmeSections(model, loaded), codeSamples, operationIds };
}

/**
 * The list to show first: one that needs no parameters, preferably the contacts list (every vendor
 * here is a CRM); otherwise the first such list in the spec's order.
 * @param {string} slug
 * @param {OperationModel[]} lists
 */
function chooseFirstList(slug, lists) {
  const needsNothing = lists.filter((op) => !op.parameters.some((p) => p.required) && !op.body?.required && !op.deprecated);
  const pick =
    needsNothing.find((op) => op.resource === "contacts" && op.methodName === "list") ??
    needsNothing.find((op) => op.methodName === "list") ??
    needsNothing[0];
  if (!pick) throw new Error(`${slug}: the spec has no list operation callable without parameters, so the site has no first call to show`);
  return pick;
}

/**
 * @param {import("@crmkit/generator").ApiModel["securitySchemes"][number]} scheme
 * @returns {AuthScheme}
 */
function describeScheme(scheme) {
  const credential = scheme.credential;
  if ("username" in credential) {
    return {
      name: scheme.name,
      how: `HTTP Basic: \`${credential.username}\` as the username, \`${credential.password}\` as the password`,
      brief: "HTTP Basic",
      options: [credential.username, credential.password],
    };
  }
  const option = credential.option;
  switch (scheme.type) {
    case "apiKey":
      return {
        name: scheme.name,
        how: `API key \`${option}\` in the \`${scheme.paramName}\` ${scheme.in === "header" ? "header" : `${scheme.in} parameter`}`,
        brief: `API key in \`${scheme.paramName}\``,
        options: [option],
      };
    case "oauth2": {
      const grants = scheme.oauth2?.grants.join(", ");
      return {
        name: scheme.name,
        how: `OAuth 2.0${grants ? ` (${grants})` : ""}: \`${option}\` sent as \`Authorization: Bearer …\``,
        brief: "OAuth 2.0 access token",
        options: [option],
      };
    }
    default:
      return { name: scheme.name, how: `Bearer token \`${option}\` sent as \`Authorization: Bearer …\``, brief: "bearer token", options: [option] };
  }
}

/** @param {Record<string, number>} value */
function objectLiteral(value) {
  const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${v}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** @param {string} name */
function safeIdentifier(name) {
  const reserved = new Set(["break", "case", "class", "const", "default", "delete", "do", "else", "export", "for", "function", "if", "import", "in", "new", "return", "switch", "this", "throw", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static", "enum", "await"]);
  return reserved.has(name) ? `${name}Item` : name;
}

/** @param {string} camel */
function screamingSnake(camel) {
  return camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** @param {unknown} value */
function numberOrUndefined(value) {
  return typeof value === "number" ? value : undefined;
}

/**
 * @template T
 * @param {T[]} values
 */
function unique(values) {
  return [...new Set(values)];
}
