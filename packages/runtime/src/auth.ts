import type { ClientDefinition, SecuritySchemeDefinition } from "./definition.js";

/** Static credentials: which client options (or environment variables) supply each security scheme. */

export interface SchemeCredentials {
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** Encodes `user:password` for HTTP Basic in any runtime (UTF-8, no Buffer). */
export function basicToken(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `accessToken` → `WEALTHBOX_ACCESS_TOKEN`: the variable that stands in for a client option. */
export function environmentVariable(definition: ClientDefinition, option: string): string {
  return `${definition.name.toUpperCase()}_${option.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** A variable of the process environment, where the runtime has one (Node, Bun, Deno with permission). */
export function readEnvironment(name: string): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; Deno?: { env?: { get(n: string): string | undefined } } };
  try {
    const value = g.process?.env?.[name] ?? g.Deno?.env?.get(name);
    return value === "" ? undefined : value;
  } catch {
    // Deno without --allow-env: treat as unset.
    return undefined;
  }
}

/** A client option's value: given explicitly, else from its environment variable (unless `env: false`). */
export function optionValue(definition: ClientDefinition, options: Record<string, unknown>, name: string): string | undefined {
  const given = options[name];
  if (typeof given === "string" && given !== "") return given;
  if (given !== undefined || options.env === false) return undefined;
  return readEnvironment(environmentVariable(definition, name));
}

/** The option names a scheme reads. */
export function credentialOptions(scheme: SecuritySchemeDefinition): string[] {
  return typeof scheme.credential === "string" ? [scheme.credential] : [scheme.credential.username, scheme.credential.password];
}

/** Headers and query parameters one scheme adds, or `undefined` when its credentials are missing. */
export function credentialsFor(scheme: SecuritySchemeDefinition, value: (name: string) => string | undefined): SchemeCredentials | undefined {
  if (typeof scheme.credential !== "string") {
    const username = value(scheme.credential.username);
    const password = value(scheme.credential.password);
    if (username === undefined || password === undefined) return undefined;
    return { headers: { Authorization: `Basic ${basicToken(username, password)}` } };
  }
  const secret = value(scheme.credential);
  if (secret === undefined) return undefined;
  if (scheme.type === "apiKey") {
    if (scheme.in === "query") return { query: { [scheme.name!]: secret } };
    if (scheme.in === "cookie") return { headers: { Cookie: `${scheme.name}=${secret}` } };
    return { headers: { [scheme.name!]: secret } };
  }
  return { headers: { Authorization: `Bearer ${secret}` } };
}

/** "accessToken, or userId and apiKey": what a client needs, for the missing-credentials message. */
export function describeRequirements(definition: ClientDefinition): string {
  const alternatives = definition.security.map((requirement) => {
    const names = [...new Set(requirement.flatMap((s) => (definition.securitySchemes[s] ? credentialOptions(definition.securitySchemes[s]) : [s])))];
    return names.map((n) => `${n} (or ${environmentVariable(definition, n)})`).join(" and ");
  });
  return [...new Set(alternatives)].join(", or ");
}
