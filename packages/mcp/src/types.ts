/**
 * The data a generated `@crmkit/<vendor>-mcp` package hands this one: its tool table and how to build
 * the vendor client from the environment. All of it comes from the vendor's spec; nothing here names a vendor.
 */

/** A JSON Schema object, as tools/list sends it. */
export type JsonSchema = { [keyword: string]: unknown };

/** MCP tool annotations (hints for the client; never a security boundary). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** How a list operation pages, from the spec's x-crmkit-pagination. */
export interface ToolPaging {
  style: "page" | "offset" | "cursor";
  /** The tool argument that carries next_cursor back: `cursor`, or `page_cursor` where the operation has a `cursor` of its own. */
  argument: string;
  /** The query parameter the tool's `cursor` argument stands for (page number, offset or vendor cursor). */
  positionParam: string;
  /** The page-size query parameter, when the API has one. */
  sizeParam?: string;
  firstPage?: number;
  defaultSize?: number;
  maxSize?: number;
  /** Dotted path of the page's array in the payload; absent when the payload is the array. */
  items?: string;
  totalItems?: string;
  totalPages?: string;
  /** Dotted path of the next cursor in the payload (cursor style). */
  nextCursor?: string;
}

/** One tool: one operation of the vendor API. */
export interface ToolDefinition {
  /** `<resource>_<method>`, unique, at most 64 characters. */
  name: string;
  operationId: string;
  /** The client property (`client.<resource>`). */
  resource: string;
  /** The spec tag the resource comes from. */
  tag: string;
  /** The client method (`client.<resource>.<method>`). */
  method: string;
  httpMethod: string;
  path: string;
  /** One line, for `list_operations`. */
  summary: string;
  /** A sentence or two, from the spec. */
  description: string;
  /** Tool arguments: the operation's parameters by name, the request body as `body`, and `cursor` on lists. */
  inputSchema: JsonSchema;
  annotations: ToolAnnotations;
  deprecated?: boolean;
  paging?: ToolPaging;
  /** The query parameter that chooses which fields come back, when the operation has one. */
  fieldsParam?: string;
}

/** One environment variable the server reads. */
export interface EnvVariable {
  /** e.g. `WEALTHBOX_ACCESS_TOKEN`. */
  name: string;
  /** The client option it sets. */
  option: string;
  /** Never logged, never echoed. */
  secret: boolean;
  description: string;
}

/** One way to authenticate: every variable of it must be set. */
export interface CredentialAlternative {
  /** Plain client options, each from one variable. */
  variables: EnvVariable[];
  /** OAuth 2.0 client credentials (service apps): the client fetches and renews its own tokens. */
  clientCredentials?: {
    clientId: EnvVariable;
    clientSecret: EnvVariable;
    scope: EnvVariable;
    tokenUrl: EnvVariable;
  };
}

/** What a generated package tells the server about its vendor. */
export interface VendorDefinition {
  /** The client's name in the spec, e.g. `Wealthbox`. */
  name: string;
  /** The API's title and version, e.g. `Wealthbox CRM API v1`. */
  title: string;
  /** The MCP package, e.g. `@crmkit/wealthbox-mcp`. */
  packageName: string;
  version: string;
  /** The bin, e.g. `crmkit-wealthbox-mcp`. */
  bin: string;
  /** `--tools` when none is given: `all` for small APIs, `dynamic` for large ones. */
  defaultTools: string;
  /** Alternatives, in the order they are tried. */
  credentials: CredentialAlternative[];
  /** Server variables (e.g. a deployment name), needed unless the base URL is set. */
  serverVariables: EnvVariable[];
  /** `<VENDOR>_BASE_URL`. */
  baseUrl: EnvVariable;
  /**
   * What an HTTP request's `Authorization` header may carry: a bearer token for this client option,
   * and/or Basic credentials for these two options.
   */
  authorizationHeader: { bearer?: string; basic?: { username: string; password: string } };
}

/** Any generated client: resources of methods returning the runtime's ApiPromise. */
export type AnyClient = Record<string, unknown>;

/** Builds the vendor client from plain options (credentials, server variables, baseUrl and the runtime's settings). */
export type ClientFactory = (options: Record<string, unknown>) => AnyClient;
