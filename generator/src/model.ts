import type { LoadedDocument } from "./load.js";
import { buildDateModel, type DateShape } from "./dates.js";
import { escapePointerSegment, joinPointer } from "./errors.js";
import { hasNonAsciiLetters, isIdentifier, isReservedMember, isReservedMethod, methodNameFor, singularize, toCamelCase, toPascalCase } from "./naming.js";
import { readWebhooks, type WebhooksModel } from "./webhooks.js";
import { readRootSelection, readSelection, type SelectableRecord, type SelectionContext, type SelectionModel } from "./selection.js";

export type { PayloadShape, RecordLink, SelectableRecord, SelectionModel, SelectionName } from "./selection.js";

/**
 * The plain intermediate model: everything the emitters need, taken out of the spec once.
 * Nothing here is vendor-specific; vendor behaviour arrives through the `x-crmkit-*` extensions.
 */
export interface ApiModel {
  title: string;
  version: string;
  description?: string;
  docsUrl?: string;
  /** From x-crmkit-client; `operationDocsUrl` may hold `{operationId}` and `{tag}`. */
  client: { name: string; packageName: string; operationDocsUrl?: string };
  servers: ServerModel[];
  securitySchemes: SecuritySchemeModel[];
  /** Alternatives; each inner list is sent together. */
  security: string[][];
  envelope?: EnvelopeModel;
  pagination?: PaginationDefaults;
  rateLimit?: Record<string, unknown>;
  retry?: Record<string, unknown>;
  resources: ResourceModel[];
  operations: OperationModel[];
  /** The component schema most error responses use, when they share one: the vendor's error body. */
  errorSchema?: string;
  /** Component schemas that hold dates, with where (see dates.ts); operations' `dates` refer to them by name. */
  dateComponents: Map<string, DateShape>;
  /** Component schemas that field selection returns (records of selecting operations and their linked records). */
  selectableRecords: SelectableRecord[];
  /** Webhook deliveries, when the spec declares any. */
  webhooks?: WebhooksModel;
}

export interface ServerModel {
  url: string;
  description?: string;
  variables: Array<{ name: string; default?: string; description?: string; enum?: string[] }>;
}

export type CredentialModel = { option: string } | { username: string; password: string };

export interface SecuritySchemeModel {
  name: string;
  type: "apiKey" | "basic" | "bearer" | "oauth2";
  /** The spec's own words about the scheme (markdown). */
  description?: string;
  in?: "header" | "query" | "cookie";
  paramName?: string;
  credential: CredentialModel;
  oauth2?: {
    authorizationUrl?: string;
    tokenUrl?: string;
    refreshUrl?: string;
    grants: Array<"authorizationCode" | "clientCredentials" | "password" | "implicit">;
    scopes: string[];
    /** From x-crmkit-token-auth: how the token endpoint authenticates the app. */
    tokenAuth?: "basic" | "body";
  };
}

export interface EnvelopeModel {
  data: string;
  meta?: string;
}

export interface PaginationDefaults {
  style: "page" | "offset" | "cursor";
  pageParam?: string;
  offsetParam?: string;
  cursorParam?: string;
  sizeParam?: string;
  firstPage?: number;
  defaultSize?: number;
  maxSize?: number;
  paired?: boolean;
}

export interface PaginationModel extends PaginationDefaults {
  items?: string;
  totalItems?: string;
  totalPages?: string;
  nextCursor?: string;
}

export interface ParameterModel {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description?: string;
  deprecated: boolean;
  /** The raw x-crmkit-fields of a field-selection parameter, and where it sits. */
  selection?: { extension: unknown; pointer: string };
}

export interface OperationModel {
  operationId: string;
  pointer: string;
  httpMethod: "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace";
  path: string;
  resource: string;
  methodName: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  docsUrl?: string;
  parameters: ParameterModel[];
  body?: { required: boolean; contentTypes: string[] };
  /** The first 2xx response, and its JSON-ish media type when it has content. */
  success?: { status: string; contentType?: string };
  pagination?: PaginationModel;
  /** `null` when the operation opts out of the root envelope. */
  envelope?: EnvelopeModel | null;
  /** Present when it differs from the root security; `[]` means no auth. */
  security?: string[][];
  contract?: { skip: true; reason: string };
  /** From x-crmkit-confidence: how sure the spec is that the operation exists as described. */
  confidence?: "confirmed" | "documented" | "inferred" | "used-by-client";
  /** A server given on the path item or operation, replacing the document's for this call. */
  server?: ServerModel;
  /** Where the payload (the envelope's data, when there is one) holds dates. */
  dates?: DateShape;
  /** From x-crmkit-fields: the parameter that chooses the returned fields, and what its names bring. */
  selection?: SelectionModel;
  /**
   * The parameter marked with x-crmkit-fields and its mode, also where the response declares no record
   * to type a selection against (then `selection` is undefined and the parameter stays a string).
   */
  selectionParam?: { name: string; mode: SelectionModel["mode"] };
}

export interface ResourceModel {
  name: string;
  tag: string;
  description?: string;
  operations: OperationModel[];
}

const CONFIDENCE_LEVELS = ["confirmed", "documented", "inferred", "used-by-client"];
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
const PARAM_LOCATIONS = ["path", "query", "header", "cookie"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Builds the model, checking on the way everything the generator relies on. */
export function buildModel(loaded: LoadedDocument): ApiModel {
  const { doc } = loaded;
  const fail = (pointer: string, detail: string) => loaded.error(pointer, detail);
  if (!isObj(doc)) throw fail("", "the document is not an object");

  checkRefs(loaded);

  if (typeof doc.openapi !== "string" || !/^3\.[01]\.\d+$/.test(doc.openapi)) {
    throw fail("/openapi", `missing or unsupported "openapi" version (expected 3.0.x or 3.1.x, got ${JSON.stringify(doc.openapi)})`);
  }
  const info = doc.info;
  if (!isObj(info)) throw fail("/info", 'missing required field "info"');
  if (typeof info.title !== "string") throw fail("/info", 'missing required field "title"');
  if (typeof info.version !== "string") throw fail("/info", 'missing required field "version"');
  if (!isObj(doc.paths)) throw fail("/paths", 'missing required field "paths"');

  const clientExt = doc["x-crmkit-client"];
  if (!isObj(clientExt) || typeof clientExt.name !== "string" || !isIdentifier(clientExt.name)) {
    throw fail("/x-crmkit-client", 'missing "x-crmkit-client" with a "name" that is a valid identifier');
  }
  const packageName = typeof clientExt.package === "string" ? clientExt.package : `@crmkit/${clientExt.name.toLowerCase()}`;

  const resolve = <T = unknown>(value: unknown): T => resolveRef(loaded, value) as T;
  const components = isObj(doc.components) ? doc.components : {};

  const securitySchemes = readSecuritySchemes(loaded, resolve, components);
  const schemeNames = new Set(securitySchemes.map((s) => s.name));
  const readSecurity = (value: unknown, pointer: string): string[][] => {
    if (!Array.isArray(value)) throw fail(pointer, "security must be a list of requirement objects");
    return value.map((req, i) => {
      if (!isObj(req)) throw fail(`${pointer}/${i}`, "a security requirement must be an object");
      const names = Object.keys(req);
      for (const name of names) {
        if (!schemeNames.has(name)) throw fail(`${pointer}/${i}/${escapePointerSegment(name)}`, `unknown security scheme "${name}"`);
      }
      return names;
    });
  };
  const security = doc.security === undefined ? [] : readSecurity(doc.security, "/security");

  const readServers = (value: unknown, pointer: string): ServerModel[] =>
    (Array.isArray(value) ? value : []).map((server, i) => {
      if (!isObj(server) || typeof server.url !== "string") throw fail(`${pointer}/${i}`, 'missing required field "url"');
      const variables = isObj(server.variables) ? server.variables : {};
      return {
        url: server.url,
        description: str(server.description),
        variables: Object.entries(variables).map(([name, v]) => {
          const variable = isObj(v) ? v : {};
          return {
            name,
            default: str(variable.default),
            description: str(variable.description),
            enum: Array.isArray(variable.enum) ? variable.enum.map(String) : undefined,
          };
        }),
      };
    });
  const servers = readServers(doc.servers, "/servers");
  if (servers.length === 0) throw fail("/servers", "at least one server is needed to give the client its base URL");

  const rootEnvelope = readEnvelope(loaded, doc["x-crmkit-envelope"], "/x-crmkit-envelope");
  const dateModel = buildDateModel(loaded);
  const rootPagination = readPaginationDefaults(loaded, doc["x-crmkit-pagination"], "/x-crmkit-pagination");

  const selectionContext: SelectionContext = {
    loaded,
    resolve,
    root: readRootSelection(loaded, doc["x-crmkit-fields"]),
    records: new Map(),
  };

  const tagInfo = new Map<string, Obj>();
  const tagPointers = new Map<string, string>();
  (Array.isArray(doc.tags) ? doc.tags : []).forEach((tag, i) => {
    if (isObj(tag) && typeof tag.name === "string") {
      tagInfo.set(tag.name, tag);
      tagPointers.set(tag.name, `/tags/${i}/name`);
    }
  });

  const operations: OperationModel[] = [];
  const seenIds = new Map<string, string>();
  // operationIds that differ only by case or "_" give the same type names (GetThingParams): one per spelling.
  const seenTypeBases = new Map<string, { operationId: string; pointer: string }>();
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const itemPointer = joinPointer("paths", path);
    if (!path.startsWith("/")) throw fail(itemPointer, `path "${path}" must start with "/"`);
    const item = resolve<Obj>(rawItem);
    if (!isObj(item)) throw fail(itemPointer, "a path item must be an object");
    const sharedParams = readParameters(loaded, resolve, item.parameters, `${itemPointer}/parameters`);
    for (const httpMethod of HTTP_METHODS) {
      const op = item[httpMethod];
      if (op === undefined) continue;
      const pointer = `${itemPointer}/${httpMethod}`;
      if (!isObj(op)) throw fail(pointer, "an operation must be an object");
      const operationId = op.operationId;
      if (typeof operationId !== "string" || operationId === "") {
        throw fail(pointer, 'missing "operationId" (crmkit names client methods after it)');
      }
      if (!isIdentifier(operationId)) throw fail(`${pointer}/operationId`, `operationId "${operationId}" is not a valid identifier`);
      const previous = seenIds.get(operationId);
      if (previous) throw fail(`${pointer}/operationId`, `duplicate operationId "${operationId}" (also at #${previous})`);
      seenIds.set(operationId, pointer);
      const typeBase = toPascalCase(operationId);
      const sameBase = seenTypeBases.get(typeBase);
      if (sameBase) {
        throw fail(
          `${pointer}/operationId`,
          `operationIds "${sameBase.operationId}" (at #${sameBase.pointer}) and "${operationId}" differ only by case or "_": ` +
            `both would name the types ${typeBase}Params and ${typeBase}Response; rename one`,
        );
      }
      seenTypeBases.set(typeBase, { operationId, pointer });

      const own = readParameters(loaded, resolve, op.parameters, `${pointer}/parameters`);
      const parameters = mergeParameters(sharedParams, own);
      checkPathParameters(loaded, path, parameters, pointer);

      if (op.responses === undefined) throw fail(pointer, 'missing required field "responses"');
      if (!isObj(op.responses) || Object.keys(op.responses).length === 0) {
        throw fail(`${pointer}/responses`, "responses must map at least one status code to a response");
      }
      const success = readSuccess(loaded, resolve, op.responses, `${pointer}/responses`);
      const body = readBody(loaded, resolve, op.requestBody, `${pointer}/requestBody`);

      const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === "string") : [];
      const tag = tags[0] ?? "default";
      const tagObj = tagInfo.get(tag);
      const explicitResource = str(tagObj?.["x-crmkit-resource"]);
      if (explicitResource === undefined && hasNonAsciiLetters(tag)) {
        const ascii = toCamelCase(tag.normalize("NFKD").replace(/\p{M}/gu, ""));
        throw fail(
          tagPointers.get(tag) ?? `${pointer}/tags/0`,
          `tag "${tag}" has letters outside ASCII, and crmkit does not guess how to spell them (Ü may be U or Ue); ` +
            `set x-crmkit-resource on the tag to the client property you want` +
            (isIdentifier(ascii) ? ` (for example "${ascii}")` : ""),
        );
      }
      const resource = explicitResource ?? toCamelCase(tag);
      const singular = str(tagObj?.["x-crmkit-singular"]) ?? singularize(resource);
      const methodName = str(op["x-crmkit-method"]) ?? methodNameFor(operationId, resource, singular);
      if (!isIdentifier(methodName)) throw fail(pointer, `method name "${methodName}" is not a valid identifier`);

      const opEnvelopeRaw = op["x-crmkit-envelope"];
      const envelope =
        opEnvelopeRaw === false ? null : opEnvelopeRaw === undefined ? undefined : readEnvelope(loaded, opEnvelopeRaw, `${pointer}/x-crmkit-envelope`);

      let pagination: PaginationModel | undefined;
      if (op["x-crmkit-pagination"] !== undefined) {
        pagination = readPagination(loaded, rootPagination, op["x-crmkit-pagination"], `${pointer}/x-crmkit-pagination`, parameters);
      }
      const effectiveEnvelope = envelope === null ? undefined : (envelope ?? rootEnvelope);
      checkPayloadShape(loaded, resolve, op.responses as Obj, success, effectiveEnvelope, pagination, pointer);
      let dates: DateShape | undefined;
      if (success?.contentType && /json/i.test(success.contentType)) {
        const response = resolve<Obj>((op.responses as Obj)[success.status]);
        const schema = ((response.content as Obj)[success.contentType] as Obj | undefined)?.schema;
        const schemaPointer = joinPointer("paths", path, httpMethod, "responses", success.status, "content", success.contentType, "schema");
        dates = dateModel.shapeOf(schema, schemaPointer);
        if (effectiveEnvelope) dates = dateModel.propertyOf(dates, effectiveEnvelope.data);
      }
      const selecting = readSelection(
        selectionContext,
        parameters.filter((p) => p.selection).map((p) => ({ name: p.name, in: p.in, extension: p.selection!.extension, pointer: p.selection!.pointer })),
        { pointer, responses: op.responses as Obj, success, envelope: effectiveEnvelope, itemsPath: pagination?.items, paginated: pagination !== undefined },
      );

      const contractRaw = op["x-crmkit-contract"];
      let contract: OperationModel["contract"];
      if (contractRaw !== undefined) {
        if (contractRaw !== "skip") throw fail(`${pointer}/x-crmkit-contract`, 'x-crmkit-contract only accepts "skip"');
        const reason = str(op["x-crmkit-contract-reason"]);
        if (!reason) throw fail(pointer, "x-crmkit-contract: skip needs an x-crmkit-contract-reason");
        contract = { skip: true, reason };
      }

      const confidence = op["x-crmkit-confidence"];
      if (confidence !== undefined && !CONFIDENCE_LEVELS.includes(confidence as string)) {
        throw fail(`${pointer}/x-crmkit-confidence`, `x-crmkit-confidence must be one of ${CONFIDENCE_LEVELS.join(", ")}`);
      }

      operations.push({
        operationId,
        confidence: confidence as OperationModel["confidence"],
        pointer,
        httpMethod,
        path,
        resource,
        methodName,
        summary: str(op.summary),
        description: str(op.description),
        deprecated: op.deprecated === true,
        docsUrl: isObj(op.externalDocs) ? str(op.externalDocs.url) : undefined,
        parameters,
        body,
        success,
        pagination,
        envelope,
        security: op.security === undefined ? undefined : readSecurity(op.security, `${pointer}/security`),
        contract,
        server: readServers(op.servers, `${pointer}/servers`)[0] ?? readServers(item.servers, `${itemPointer}/servers`)[0],
        dates,
        selection: selecting?.selection,
        selectionParam: selecting?.parameter,
      });
    }
  }

  const resources = groupResources(loaded, operations, tagInfo);
  const errorSchema = commonErrorSchema(doc.paths as Obj, resolve);
  const webhooks = readWebhooks(loaded, resolve);

  return {
    title: info.title,
    version: info.version,
    description: str(info.description),
    docsUrl: isObj(doc.externalDocs) ? str(doc.externalDocs.url) : undefined,
    client: { name: clientExt.name, packageName, operationDocsUrl: str(clientExt.operationDocsUrl) },
    servers,
    securitySchemes,
    security,
    envelope: rootEnvelope,
    pagination: rootPagination,
    rateLimit: isObj(doc["x-crmkit-rate-limit"]) ? doc["x-crmkit-rate-limit"] : undefined,
    retry: isObj(doc["x-crmkit-retry"]) ? doc["x-crmkit-retry"] : undefined,
    resources,
    operations,
    errorSchema,
    dateComponents: dateModel.components,
    ...(webhooks ? { webhooks } : {}),
    selectableRecords: [...selectionContext.records.values()],
  };
}

/** The component schema that the most 4xx/5xx JSON responses point at. */
function commonErrorSchema(paths: Obj, resolve: (v: unknown) => unknown): string | undefined {
  const counts = new Map<string, number>();
  for (const item of Object.values(paths)) {
    const pathItem = resolve(item);
    if (!isObj(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (!isObj(op) || !isObj(op.responses)) continue;
      for (const [status, raw] of Object.entries(op.responses)) {
        if (!/^[45]|^default$/i.test(status)) continue;
        const response = resolve(raw);
        const content = isObj(response) && isObj(response.content) ? response.content : {};
        const json = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
        const ref = isObj(json) && isObj(json.schema) ? json.schema.$ref : undefined;
        const name = typeof ref === "string" ? /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1] : undefined;
        if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
  }
  let best: string | undefined;
  for (const [name, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) if (!best || count > counts.get(best)!) best = name;
  return best;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Every `$ref` in the document must be local and resolve; the error names the `$ref`'s own place. */
function checkRefs(loaded: LoadedDocument): void {
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${pointer}/${i}`));
      return;
    }
    if (!isObj(node)) return;
    if (typeof node.$ref === "string") {
      followRefChain(loaded, node.$ref, `${pointer}/$ref`);
    }
    for (const [key, child] of Object.entries(node)) {
      // Example values are data, not spec: a "$ref" key inside one is just a value.
      if (key === "example" || (key === "value" && /\/examples\/[^/]+$/.test(pointer))) continue;
      walk(child, `${pointer}/${escapePointerSegment(key)}`);
    }
  };
  walk(loaded.doc, "");
  checkCompositionCycles(loaded);
}

/** A $ref whose target is itself only a $ref, and so on, must end somewhere. */
function followRefChain(loaded: LoadedDocument, ref: string, refPointer: string): void {
  const chain = [refTarget(ref)];
  let target = lookupRef(loaded, ref, refPointer);
  while (isObj(target) && typeof target.$ref === "string") {
    const next = refTarget(target.$ref);
    if (chain.includes(next)) {
      throw loaded.error(refPointer, `$ref cycle: ${[...chain, next].map((p) => `#${p}`).join(" → ")} never reaches a definition`);
    }
    const at = `${chain[chain.length - 1]}/$ref`;
    chain.push(next);
    target = lookupRef(loaded, target.$ref, at);
  }
}

/**
 * A component schema that contains itself through allOf/anyOf/oneOf/not alone (no property or item in
 * between) has no finite type: TypeScript rejects the alias as circular. Name the $ref that closes it.
 */
function checkCompositionCycles(loaded: LoadedDocument): void {
  const components = isObj(loaded.doc) && isObj((loaded.doc as Obj).components) ? ((loaded.doc as Obj).components as Obj) : {};
  const schemas = isObj(components.schemas) ? components.schemas : {};
  const prefix = "/components/schemas/";
  // Edges: schema → the schemas it is made of directly, with the place of each $ref.
  const edges = new Map<string, Array<{ to: string; at: string }>>();
  const collect = (node: unknown, at: string, out: Array<{ to: string; at: string }>): void => {
    if (!isObj(node)) return;
    if (typeof node.$ref === "string") {
      const target = refTarget(node.$ref);
      if (target.startsWith(prefix)) out.push({ to: target, at: `${at}/$ref` });
    }
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      const parts = node[key];
      if (Array.isArray(parts)) parts.forEach((part, i) => collect(part, `${at}/${key}/${i}`, out));
    }
    if (isObj(node.not)) collect(node.not, `${at}/not`, out);
  };
  for (const name of Object.keys(schemas)) {
    const pointer = joinPointer("components", "schemas", name);
    const out: Array<{ to: string; at: string }> = [];
    collect(schemas[name], pointer, out);
    edges.set(pointer, out);
  }
  const done = new Set<string>();
  const visit = (node: string, stack: string[]): void => {
    if (done.has(node)) return;
    for (const edge of edges.get(node) ?? []) {
      const index = stack.indexOf(edge.to);
      if (index >= 0) {
        const cycle = [...stack.slice(index), edge.to];
        throw loaded.error(
          edge.at,
          `schema cycle: ${cycle.map((p) => `#${p}`).join(" → ")} is made only of itself (through allOf/anyOf/oneOf), ` +
            "which no type can express; put a property or an array between them",
        );
      }
      if (edges.has(edge.to)) visit(edge.to, [...stack, edge.to]);
    }
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, [node]);
}

export function lookupRef(loaded: LoadedDocument, ref: string, refPointer: string): unknown {
  if (!ref.startsWith("#")) {
    throw loaded.error(refPointer, `$ref "${ref}" points outside the document; bundle the spec first`);
  }
  const target = ref.slice(1);
  if (target !== "" && !target.startsWith("/")) throw loaded.error(refPointer, `$ref "${ref}" is not a JSON pointer (it must be "#" or start with "#/")`);
  let node: unknown = loaded.doc;
  for (const raw of target.split("/").slice(1)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      const bad = /%(?![0-9A-Fa-f]{2})..?|%$/.exec(raw)?.[0] ?? raw;
      throw loaded.error(refPointer, `$ref "${ref}" has a malformed percent-escape ("${bad}"); write "%25" for a literal "%"`);
    }
    const segment = decoded.replace(/~1/g, "/").replace(/~0/g, "~");
    // Own members only: "constructor" or "toString" must not resolve to what every object inherits.
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(segment) ? node[Number(segment)] : undefined;
    else if (isObj(node)) node = Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined;
    else node = undefined;
    if (node === undefined) throw loaded.error(refPointer, `$ref "${ref}" does not resolve (dangling reference)`);
  }
  return node;
}

/** `#/a~1b/c%20d` → `/a~1b/c d`: the JSON pointer a local $ref names, for messages and lookups. */
export function refTarget(ref: string): string {
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

export function resolveRef(loaded: LoadedDocument, value: unknown, depth = 0): unknown {
  if (isObj(value) && typeof value.$ref === "string") {
    if (depth > 32) throw loaded.error("", `$ref cycle through "${value.$ref}"`);
    return resolveRef(loaded, lookupRef(loaded, value.$ref, ""), depth + 1);
  }
  return value;
}

function readSecuritySchemes(loaded: LoadedDocument, resolve: (v: unknown) => unknown, components: Obj): SecuritySchemeModel[] {
  const raw = isObj(components.securitySchemes) ? components.securitySchemes : {};
  return Object.entries(raw).map(([name, value]) => {
    const pointer = joinPointer("components", "securitySchemes", name);
    const scheme = resolve(value);
    if (!isObj(scheme) || typeof scheme.type !== "string") throw loaded.error(pointer, 'missing required field "type"');
    const description = typeof scheme.description === "string" && scheme.description.trim() !== "" ? { description: scheme.description.trim() } : {};
    const credentialRaw = scheme["x-crmkit-credential"];
    let credential: CredentialModel;
    if (typeof credentialRaw === "string" && isIdentifier(credentialRaw)) credential = { option: credentialRaw };
    else if (isObj(credentialRaw) && typeof credentialRaw.username === "string" && typeof credentialRaw.password === "string") {
      credential = { username: credentialRaw.username, password: credentialRaw.password };
    } else {
      throw loaded.error(pointer, "missing x-crmkit-credential (the client option, or {username, password} options, that supply this scheme)");
    }
    if (scheme.type === "apiKey") {
      if (typeof scheme.name !== "string" || !["header", "query", "cookie"].includes(String(scheme.in))) {
        throw loaded.error(pointer, 'an apiKey scheme needs "name" and "in"');
      }
      return { name, type: "apiKey", in: scheme.in as "header", paramName: scheme.name, credential, ...description };
    }
    if (scheme.type === "http") {
      const httpScheme = String(scheme.scheme ?? "").toLowerCase();
      if (httpScheme === "basic") {
        if (!("username" in credential)) throw loaded.error(`${pointer}/x-crmkit-credential`, "a basic scheme needs {username, password}");
        return { name, type: "basic", credential, ...description };
      }
      if (httpScheme === "bearer") return { name, type: "bearer", credential, ...description };
      throw loaded.error(`${pointer}/scheme`, `unsupported http scheme "${httpScheme}"`);
    }
    if (scheme.type === "oauth2") {
      const flows = isObj(scheme.flows) ? scheme.flows : {};
      const grants = Object.keys(flows).filter((f): f is "authorizationCode" | "clientCredentials" | "password" | "implicit" =>
        ["authorizationCode", "clientCredentials", "password", "implicit"].includes(f),
      );
      const first = (key: string) => {
        for (const flow of Object.values(flows)) if (isObj(flow) && typeof flow[key] === "string") return flow[key] as string;
        return undefined;
      };
      const scopes = new Set<string>();
      for (const flow of Object.values(flows)) if (isObj(flow) && isObj(flow.scopes)) Object.keys(flow.scopes).forEach((s) => scopes.add(s));
      const tokenAuth = scheme["x-crmkit-token-auth"];
      if (tokenAuth !== undefined && tokenAuth !== "basic" && tokenAuth !== "body") {
        throw loaded.error(`${pointer}/x-crmkit-token-auth`, 'x-crmkit-token-auth must be "basic" or "body"');
      }
      return {
        name,
        type: "oauth2",
        credential,
        ...description,
        oauth2: {
          authorizationUrl: first("authorizationUrl"),
          tokenUrl: first("tokenUrl"),
          refreshUrl: first("refreshUrl"),
          grants,
          scopes: [...scopes].sort(),
          tokenAuth: tokenAuth as "basic" | "body" | undefined,
        },
      };
    }
    throw loaded.error(`${pointer}/type`, `unsupported security scheme type "${scheme.type}"`);
  });
}

function readEnvelope(loaded: LoadedDocument, value: unknown, pointer: string): EnvelopeModel | undefined {
  if (value === undefined) return undefined;
  if (!isObj(value) || typeof value.data !== "string") throw loaded.error(pointer, 'x-crmkit-envelope needs "data" (the property holding the payload)');
  return { data: value.data, meta: str(value.meta) };
}

const PAGINATION_STYLES = ["page", "offset", "cursor"];

function readPaginationDefaults(loaded: LoadedDocument, value: unknown, pointer: string): PaginationDefaults | undefined {
  if (value === undefined) return undefined;
  if (!isObj(value)) throw loaded.error(pointer, "x-crmkit-pagination must be an object");
  const out: PaginationDefaults = { style: (value.style as PaginationDefaults["style"]) ?? "page" };
  if (!PAGINATION_STYLES.includes(out.style)) throw loaded.error(`${pointer}/style`, `unknown pagination style "${String(value.style)}" (page, offset or cursor)`);
  for (const key of ["pageParam", "offsetParam", "cursorParam", "sizeParam"] as const) {
    if (value[key] !== undefined) {
      if (typeof value[key] !== "string") throw loaded.error(`${pointer}/${key}`, `${key} must be a string`);
      out[key] = value[key] as string;
    }
  }
  for (const key of ["firstPage", "defaultSize", "maxSize"] as const) {
    if (value[key] !== undefined) {
      if (typeof value[key] !== "number") throw loaded.error(`${pointer}/${key}`, `${key} must be a number`);
      out[key] = value[key] as number;
    }
  }
  if (value.paired !== undefined) {
    if (typeof value.paired !== "boolean") throw loaded.error(`${pointer}/paired`, "paired must be true or false");
    out.paired = value.paired;
  }
  return out;
}

function readPagination(
  loaded: LoadedDocument,
  defaults: PaginationDefaults | undefined,
  value: unknown,
  pointer: string,
  parameters: ParameterModel[],
): PaginationModel {
  const own = readPaginationDefaults(loaded, isObj(value) ? { style: defaults?.style, ...value } : value, pointer)!;
  const merged: PaginationModel = { ...defaults, ...own };
  if (isObj(value)) {
    for (const key of ["items", "totalItems", "totalPages", "nextCursor"] as const) {
      if (value[key] !== undefined) {
        if (typeof value[key] !== "string") throw loaded.error(`${pointer}/${key}`, `${key} must be a dotted path string`);
        merged[key] = value[key] as string;
      }
    }
  }
  const needed =
    merged.style === "page" ? ["pageParam"] : merged.style === "offset" ? ["offsetParam", "sizeParam"] : ["cursorParam", "nextCursor"];
  for (const key of needed) {
    const name = merged[key as keyof PaginationModel];
    if (name === undefined) throw loaded.error(pointer, `${merged.style} pagination needs "${key}" (here or at the root)`);
    if (key.endsWith("Param") && !parameters.some((p) => p.in === "query" && p.name === name)) {
      throw loaded.error(pointer, `pagination uses query parameter "${String(name)}", which the operation does not declare`);
    }
  }
  if (merged.sizeParam && !parameters.some((p) => p.in === "query" && p.name === merged.sizeParam)) {
    throw loaded.error(pointer, `pagination uses query parameter "${merged.sizeParam}", which the operation does not declare`);
  }
  return merged;
}

function readParameters(loaded: LoadedDocument, resolve: (v: unknown) => unknown, value: unknown, pointer: string): ParameterModel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw loaded.error(pointer, "parameters must be a list");
  return value.map((raw, i) => {
    const p = resolve(raw);
    const at = `${pointer}/${i}`;
    if (!isObj(p)) throw loaded.error(at, "a parameter must be an object");
    if (typeof p.name !== "string" || p.name === "") throw loaded.error(at, 'parameter is missing required field "name"');
    if (typeof p.in !== "string" || !PARAM_LOCATIONS.includes(p.in)) {
      throw loaded.error(at, `parameter "${p.name}" is missing required field "in" (path, query, header or cookie)`);
    }
    if (p.in === "path" && p.required !== true) throw loaded.error(at, `path parameter "${p.name}" must have required: true`);
    if (p.name === "__proto__") {
      throw loaded.error(`${at}/name`, 'a parameter named "__proto__" cannot be passed in a params object (in an object literal, __proto__ sets the prototype)');
    }
    const own = isObj(raw) && typeof raw.$ref === "string" ? raw.$ref.slice(1) : at;
    return {
      name: p.name,
      in: p.in as ParameterModel["in"],
      required: p.required === true,
      description: str(p.description),
      deprecated: p.deprecated === true,
      ...(p["x-crmkit-fields"] !== undefined ? { selection: { extension: p["x-crmkit-fields"], pointer: own } } : {}),
    };
  });
}

function mergeParameters(shared: ParameterModel[], own: ParameterModel[]): ParameterModel[] {
  const key = (p: ParameterModel) => `${p.in}:${p.name}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}

function checkPathParameters(loaded: LoadedDocument, path: string, parameters: ParameterModel[], pointer: string): void {
  const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of inTemplate) {
    if (!parameters.some((p) => p.in === "path" && p.name === name)) {
      throw loaded.error(pointer, `path template variable "{${name}}" has no path parameter`);
    }
  }
  const byName = new Map<string, ParameterModel>();
  for (const p of parameters) {
    if (p.in === "path" && !inTemplate.includes(p.name)) throw loaded.error(pointer, `path parameter "${p.name}" is not in the path "${path}"`);
    if (p.name === "body" && p.in !== "header") throw loaded.error(pointer, 'a parameter named "body" would clash with the request body argument');
    if (p.in === "cookie") continue;
    // Path, query and header parameters share one params object.
    const other = byName.get(p.name);
    if (other) throw loaded.error(pointer, `the ${other.in} parameter and the ${p.in} parameter are both named "${p.name}": one params object cannot hold both`);
    byName.set(p.name, p);
  }
}

function readSuccess(loaded: LoadedDocument, resolve: (v: unknown) => unknown, responses: Obj, pointer: string): OperationModel["success"] {
  for (const [status, raw] of Object.entries(responses)) {
    const response = resolve(raw);
    const at = `${pointer}/${escapePointerSegment(status)}`;
    if (!isObj(response)) throw loaded.error(at, "a response must be an object");
    if (typeof response.description !== "string") throw loaded.error(at, 'response is missing required field "description"');
  }
  const status = Object.keys(responses).find((s) => /^2\d\d$|^2XX$/i.test(s));
  if (!status) return undefined;
  const response = resolve(responses[status]) as Obj;
  const content = isObj(response.content) ? Object.keys(response.content) : [];
  const contentType = content.find((c) => /json/i.test(c)) ?? content[0];
  return { status, contentType };
}

/**
 * The envelope and pagination extensions name properties of the success response; check they exist,
 * so the generated payload and item types cannot point at nothing.
 */
function checkPayloadShape(
  loaded: LoadedDocument,
  resolve: (v: unknown) => unknown,
  responses: Obj,
  success: OperationModel["success"],
  envelope: EnvelopeModel | undefined,
  pagination: PaginationModel | undefined,
  pointer: string,
): void {
  if (!envelope && !pagination) return;
  const jsonType = success?.contentType && /json/i.test(success.contentType) ? success.contentType : undefined;
  if (!success || !jsonType) {
    if (pagination) throw loaded.error(pointer, "x-crmkit-pagination needs a 2xx JSON response to read pages from");
    return;
  }
  const schemaPointer = joinPointer("paths", ...splitOpPointer(pointer), "responses", success.status, "content", jsonType, "schema");
  const response = resolve(responses[success.status]) as Obj;
  let schema = resolve((response.content as Obj)[jsonType] && ((response.content as Obj)[jsonType] as Obj).schema);
  if (envelope) {
    const data = propertyOf(resolve, schema, envelope.data);
    if (data === undefined) {
      throw loaded.error(
        schemaPointer,
        `the response has no "${envelope.data}" property for x-crmkit-envelope to unwrap; describe it, or set x-crmkit-envelope: false on the operation`,
      );
    }
    schema = data;
  }
  if (pagination) {
    let items = schema;
    for (const key of pagination.items ? pagination.items.split(".") : []) items = propertyOf(resolve, items, key);
    if (!isArraySchema(resolve(items), resolve)) {
      throw loaded.error(
        schemaPointer,
        pagination.items
          ? `x-crmkit-pagination items "${pagination.items}" is not an array in the response payload`
          : "x-crmkit-pagination without items needs the payload itself to be an array",
      );
    }
  }
}

function splitOpPointer(pointer: string): string[] {
  return pointer
    .slice(1)
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function propertyOf(resolve: (v: unknown) => unknown, schema: unknown, name: string): unknown {
  const s = resolve(schema);
  if (!isObj(s)) return undefined;
  if (isObj(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, name)) return resolve(s.properties[name]);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const parts = s[key];
    if (Array.isArray(parts)) {
      for (const part of parts) {
        const found = propertyOf(resolve, part, name);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** An array, or a union with an array among its variants (the runtime pages through the array form). */
function isArraySchema(schema: unknown, resolve?: (v: unknown) => unknown): boolean {
  if (!isObj(schema)) return false;
  if (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array")) || schema.items !== undefined) return true;
  const variants = [...(Array.isArray(schema.oneOf) ? schema.oneOf : []), ...(Array.isArray(schema.anyOf) ? schema.anyOf : [])];
  return variants.some((v) => isArraySchema(resolve ? resolve(v) : v, resolve));
}

function readBody(loaded: LoadedDocument, resolve: (v: unknown) => unknown, value: unknown, pointer: string): OperationModel["body"] {
  if (value === undefined) return undefined;
  const body = resolve(value);
  if (!isObj(body) || !isObj(body.content) || Object.keys(body.content).length === 0) {
    throw loaded.error(pointer, 'requestBody is missing required field "content"');
  }
  return { required: body.required === true, contentTypes: Object.keys(body.content) };
}

function groupResources(loaded: LoadedDocument, operations: OperationModel[], tags: Map<string, Obj>): ResourceModel[] {
  const byName = new Map<string, ResourceModel>();
  for (const op of operations) {
    if (isReservedMember(op.resource) || !isIdentifier(op.resource)) {
      throw loaded.error(op.pointer, `resource name "${op.resource}" cannot be a client property; set x-crmkit-resource on its tag`);
    }
    let resource = byName.get(op.resource);
    if (!resource) {
      const tag = [...tags.entries()].find(([name, t]) => (str(t["x-crmkit-resource"]) ?? toCamelCase(name)) === op.resource);
      resource = { name: op.resource, tag: tag?.[0] ?? op.resource, description: str(tag?.[1].description), operations: [] };
      byName.set(op.resource, resource);
    }
    const clash = resource.operations.find((o) => o.methodName === op.methodName);
    if (clash) {
      throw loaded.error(
        op.pointer,
        `operations "${clash.operationId}" and "${op.operationId}" would both be ${op.resource}.${op.methodName}(); set x-crmkit-method on one of them`,
      );
    }
    if (isReservedMethod(op.methodName)) throw loaded.error(op.pointer, `method name "${op.methodName}" is reserved; set x-crmkit-method`);
    resource.operations.push(op);
  }
  return [...byName.values()];
}
