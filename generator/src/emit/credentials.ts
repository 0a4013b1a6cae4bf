import type { ApiModel, SecuritySchemeModel } from "../model.js";

/**
 * The credential part of a client's options, as types. The spec's security alternatives become a
 * union: each member holds every option one alternative needs (required, but `string | undefined`, so
 * `process.env.X` can be passed under exactOptionalPropertyTypes), and an oauth2 alternative can also
 * be met by `oauth` (the client then gets and refreshes the token itself). Server variables are needed
 * by every member. Whether the union's options may be left out is not decided here: the options type
 * wraps it in `CredentialOptions` from `@crmkit/runtime/environment`, which makes them optional only
 * where TypeScript resolves Node's `node` export condition, i.e. where environment variables exist.
 */
export interface CredentialOption {
  name: string;
  /** The option's JSDoc, one paragraph. */
  docs: string;
  /** `OAuthOptions` for `oauth`, else a string option. */
  type: string;
}

export interface CredentialShape {
  /** Needed by every alternative (server variables). */
  always: CredentialOption[];
  /** Options no alternative needs (schemes used only by single operations): optional everywhere. */
  extras: CredentialOption[];
  /** Each is a complete set of credentials; empty when the API needs none. */
  alternatives: CredentialOption[][];
}

const OAUTH_OPTION = "oauth";

function optionsOf(scheme: SecuritySchemeModel): string[] {
  return "option" in scheme.credential ? [scheme.credential.option] : [scheme.credential.username, scheme.credential.password];
}

/** `accessToken` → `WEALTHBOX_ACCESS_TOKEN`, as the runtime's environment lookup names it. */
export function environmentVariable(model: ApiModel, option: string): string {
  return `${model.client.name.toUpperCase()}_${option.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function clean(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
}

function schemeDoc(scheme: SecuritySchemeModel, option: string): string {
  switch (scheme.type) {
    case "basic":
      return `HTTP Basic ${option === optionsOf(scheme)[0] ? "username" : "password"} (scheme \`${scheme.name}\`)`;
    case "apiKey":
      return `sent as is in the \`${scheme.paramName}\` ${scheme.in === "query" ? "query parameter" : scheme.in} (scheme \`${scheme.name}\`)`;
    case "bearer":
      return `sent as \`Authorization: Bearer <token>\` (scheme \`${scheme.name}\`)`;
    case "oauth2":
      return `an OAuth 2.0 access token you already hold, sent as \`Authorization: Bearer <token>\` and never refreshed (scheme \`${scheme.name}\`)`;
  }
}

/** The credential options of a model, grouped as the option types need them. */
export function credentialShape(model: ApiModel): CredentialShape {
  const schemes = new Map(model.securitySchemes.map((s) => [s.name, s]));
  // An option is read by the first scheme, in the spec's order of alternatives, that uses it: the
  // runtime sends the first alternative whose options are all set, so that scheme is what it does.
  const ordered = [...model.security.flat().map((name) => schemes.get(name)!), ...model.securitySchemes];
  const docs = new Map<string, string>();
  for (const scheme of ordered) {
    for (const option of optionsOf(scheme)) if (!docs.has(option)) docs.set(option, schemeDoc(scheme, option));
  }
  const option = (name: string): CredentialOption => ({
    name,
    type: "string | undefined",
    docs: `${upperFirst(docs.get(name) ?? name)}. Default: the \`${environmentVariable(model, name)}\` environment variable.`,
  });
  const oauth: CredentialOption = {
    name: OAUTH_OPTION,
    type: "OAuthOptions",
    docs:
      "OAuth 2.0 app credentials and tokens: the client runs the token requests (code exchange, refresh, client " +
      "credentials) and sends `Authorization: Bearer <token>` itself.",
  };

  const always = (model.servers[0]?.variables ?? []).map((v) => ({
    ...option(v.name),
    docs: `${v.description ? clean(v.description).replace(/\.?$/, ".") : `Server variable \`${v.name}\`.`}${v.default ? ` For example \`${v.default}\`.` : ""} Default: the \`${environmentVariable(model, v.name)}\` environment variable.`,
  }));

  const sets: string[][] = [];
  for (const requirement of model.security) {
    const names = [...new Set(requirement.flatMap((s) => optionsOf(schemes.get(s)!)))];
    sets.push(names);
    const oauthSchemes = requirement.filter((s) => schemes.get(s)?.type === "oauth2");
    if (oauthSchemes.length > 0) {
      const replaced = new Set(oauthSchemes.flatMap((s) => optionsOf(schemes.get(s)!)));
      sets.push([...names.filter((n) => !replaced.has(n)), OAUTH_OPTION]);
    }
  }
  // Same set twice, or a set holding another: the smaller one says it all.
  const key = (set: string[]) => [...set].sort().join(",");
  const distinct = [...new Map(sets.map((s) => [key(s), s])).values()];
  const minimal = distinct.filter((s) => !distinct.some((other) => other !== s && other.length < s.length && other.every((n) => s.includes(n))));

  const needed = new Set(minimal.flat());
  // Only single operations use these (their own `security`), so no alternative of the client needs them.
  const extras = [...docs.keys()]
    .filter((n) => !needed.has(n))
    .map((n) => {
      const o = option(n);
      return { ...o, docs: o.docs.replace(/\)\. Default:/, "; only operations that list this scheme send it). Default:") };
    });
  return {
    always,
    extras,
    alternatives: minimal.map((set) => set.map((n) => (n === OAUTH_OPTION ? oauth : option(n)))),
  };
}

/** The union type's text, for `export type <Vendor>Credentials = …`. */
export function credentialTypeText(shape: CredentialShape): string {
  const members = (options: CredentialOption[], optional: boolean, indent: string) =>
    options.map((o) => `${indent}/** ${o.docs} */\n${indent}${o.name}${optional ? "?" : ""}: ${o.type}${optional && !o.type.includes("undefined") ? " | undefined" : ""};`);
  const object = (lines: string[], indent: string) => `{\n${lines.join("\n")}\n${indent}}`;
  const alternatives = shape.alternatives.filter((a) => a.length > 0);
  const sharedLines = [...members(shape.always, false, "  "), ...members(shape.extras, true, "  ")];
  const shared = sharedLines.length ? object(sharedLines, "") : undefined;
  if (alternatives.length === 0) return shared ?? "{}";
  if (alternatives.length === 1) {
    return shared ? `${shared} & ${object(members(alternatives[0]!, false, "  "), "")}` : object(members(alternatives[0]!, false, "  "), "");
  }
  if (!shared) return alternatives.map((a) => `\n  | ${object(members(a, false, "      "), "    ")}`).join("");
  return `${shared} & (${alternatives.map((a) => `\n  | ${object(members(a, false, "      "), "    ")}`).join("")}\n)`;
}

/** Whether any credential type refers to `OAuthOptions`. */
export function credentialsUseOAuth(shape: CredentialShape): boolean {
  return shape.alternatives.some((a) => a.some((o) => o.name === OAUTH_OPTION));
}
