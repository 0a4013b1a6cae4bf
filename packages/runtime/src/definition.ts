/**
 * The data a generated client hands the runtime: taken by the generator from the spec's
 * `x-crmkit-*` extensions, so every vendor difference is data, not code.
 */

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE";

export interface EnvelopeDefinition {
  /** Property of the body that holds the payload. */
  readonly data: string;
  /** Property kept reachable as the response's meta. */
  readonly meta?: string;
}

export interface PaginationDefinition {
  readonly style?: "page" | "offset" | "cursor";
  readonly pageParam?: string;
  readonly offsetParam?: string;
  readonly cursorParam?: string;
  readonly sizeParam?: string;
  readonly firstPage?: number;
  /** The page size sent when the caller gives none: every page request carries a size. */
  readonly defaultSize?: number;
  /** The position parameter goes with the size on every request, the first page's included (APIs that refuse one without the other). */
  readonly paired?: boolean;
  readonly maxSize?: number;
  /** Dotted path of the page's array inside the payload; absent when the payload is the array. */
  readonly items?: string;
  /** Dotted paths read in the payload first, then in the whole body (the envelope). */
  readonly totalItems?: string;
  readonly totalPages?: string;
  readonly nextCursor?: string;
}

/** The query parameter that chooses the returned fields, and how a typed selection is written in it. */
export interface SelectDefinition {
  readonly param: string;
  /** How one top-level field name is written, `{name}` standing for it (e.g. `{name}(all)`); default: the name itself. */
  readonly item?: string;
}

/** How a request body is encoded; the first listed that fits the body is used. */
export type BodyEncoding = "json" | "form" | "multipart" | "text" | "binary";

export interface OperationDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  /** Names of header parameters; other non-path parameters go in the query string. */
  readonly headers?: readonly string[];
  /** Present on list operations: merged over the client's pagination defaults. */
  readonly paginate?: PaginationDefinition;
  /** Overrides the client's envelope; `null` opts out. */
  readonly envelope?: EnvelopeDefinition | null;
  /** Overrides the client's security; `[]` sends no credentials. */
  readonly security?: ReadonlyArray<readonly string[]>;
  /** The body encodings the operation accepts (default `["json"]`). */
  readonly body?: readonly BodyEncoding[];
  /** How to read a non-JSON success body. */
  readonly parseAs?: "text" | "blob";
  /** The operation's field-selection parameter, when its typed form (a list) must be written in the API's syntax. */
  readonly select?: SelectDefinition;
  /** A server of this operation's own (e.g. OAuth endpoints on another base path). */
  readonly server?: ServerDefinition;
  /** Where the payload holds dates, converted to Date objects when the client or call asks for `dates`. */
  readonly dates?: DateShape;
}

/**
 * Where dates sit in a value, generated from the spec:
 * - a written form (`"date-time"`, `"date"`, `"unix-seconds"`, `"date-time-12h"`, several joined by `|`): the value is a date;
 * - `"#Name"`: the value has the shape of the named component (see DateShapes);
 * - `[shape]`: the value is an array whose items have that shape;
 * - `{ property: shape }`: the value is an object with those properties. A value that may take several
 *   forms keeps the others under reserved keys: `""` (the value itself is a date), `"[]"` (its items when
 *   it is an array) and `"#"` (component names whose shapes apply too).
 */
export type DateShape = string | readonly [DateShape] | { readonly [key: string]: DateShape | readonly string[] };

/** The shapes of the spec's component schemas that hold dates, by name: shared by every operation, recursion included. */
export type DateShapes = Readonly<Record<string, DateShape>>;

/** Loads a client's DateShapes module, on the first call that converts dates. */
export type DateShapesLoader = () => Promise<{ readonly default: DateShapes }>;

/**
 * One row of a generated operation table: `"GET /contacts/{id}"`, optionally followed by what differs
 * from the defaults. Rows are expanded into OperationDefinitions when first used.
 */
export type OperationRow = readonly [route: string, extra?: Omit<OperationDefinition, "method" | "path">];

/** A resource's methods: method name → row. */
export type OperationTable = Readonly<Record<string, OperationRow>>;

export type CredentialDefinition = string | { readonly username: string; readonly password: string };

export interface SecuritySchemeDefinition {
  readonly type: "apiKey" | "basic" | "bearer" | "oauth2";
  readonly in?: "header" | "query" | "cookie";
  readonly name?: string;
  /** Client option(s) that supply the secret. */
  readonly credential: CredentialDefinition;
  readonly tokenUrl?: string;
  readonly authorizationUrl?: string;
  readonly refreshUrl?: string;
  /** How the token endpoint authenticates the app: HTTP Basic, or client id and secret as form fields. */
  readonly tokenAuth?: "basic" | "body";
}

export interface RateLimitDefinition {
  readonly requests?: number;
  readonly perSeconds?: number;
  /** Requests allowed at once above the average rate (default: the whole budget). */
  readonly burst?: number;
  readonly scope?: string;
  readonly headers?: {
    readonly limit?: string;
    readonly remaining?: string;
    readonly reset?: string;
    readonly resetFormat?: "unix-seconds" | "delta-seconds";
  };
  readonly throttled?: ReadonlyArray<{ readonly status: number; readonly contentType?: string }>;
}

export interface RetryDefinition {
  readonly maxRetries?: number;
  readonly statuses?: readonly number[];
}

export interface ServerDefinition {
  readonly url: string;
  /** Server variables, each supplied by the client option of the same name. */
  readonly variables?: Readonly<Record<string, { readonly default?: string }>>;
}

export interface ClientDefinition {
  /** The vendor's display name, used in messages. */
  readonly name: string;
  /** The generated package, named in the User-Agent. */
  readonly package?: { readonly name: string; readonly version: string };
  readonly servers: readonly ServerDefinition[];
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeDefinition>>;
  /** Alternatives; each inner list is sent together. */
  readonly security: ReadonlyArray<readonly string[]>;
  readonly envelope?: EnvelopeDefinition;
  readonly pagination?: PaginationDefinition;
  readonly rateLimit?: RateLimitDefinition;
  readonly retry?: RetryDefinition;
}
