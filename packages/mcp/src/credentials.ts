import type { CredentialAlternative, EnvVariable, VendorDefinition } from "./types.js";

export type Environment = Readonly<Record<string, string | undefined>>;

/** No complete set of credentials: the message names the variables to set. */
export class MissingCredentialsError extends Error {
  override name = "MissingCredentialsError";
}

/** A setting that is present but unusable (a base URL that is not a URL). */
export class InvalidSettingError extends Error {
  override name = "InvalidSettingError";
}

/** Client options built from the environment and, over HTTP, the request's Authorization header. */
export interface ResolvedCredentials {
  options: Record<string, unknown>;
  /** Every secret value in use, so output can be scrubbed of them. */
  secrets: string[];
  /** True when something came from the Authorization header (the client is then per request). */
  fromHeader: boolean;
}

const value = (env: Environment, variable: EnvVariable): string | undefined => {
  const v = env[variable.name]?.trim();
  return v ? v : undefined;
};

/** Options given by an `Authorization` header: `Bearer <token>` and/or `Basic <base64 user:password>`. */
export function optionsFromAuthorization(vendor: VendorDefinition, header: string | undefined): Record<string, string> {
  if (!header) return {};
  const match = /^\s*(\w+)\s+(\S+)\s*$/.exec(header);
  if (!match) throw new MissingCredentialsError("the Authorization header is not `Bearer <token>` or `Basic <credentials>`");
  const [, scheme, token] = match as unknown as [string, string, string];
  const { bearer, basic } = vendor.authorizationHeader;
  if (/^bearer$/i.test(scheme) && bearer) return { [bearer]: token };
  if (/^basic$/i.test(scheme) && basic) {
    const decoded = Buffer.from(token, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) throw new MissingCredentialsError("the Authorization header's Basic credentials are not `username:password`");
    return { [basic.username]: decoded.slice(0, colon), [basic.password]: decoded.slice(colon + 1) };
  }
  const accepted = [bearer && "Bearer", basic && "Basic"].filter(Boolean).join(" or ");
  throw new MissingCredentialsError(`${vendor.name} accepts ${accepted || "no"} credentials in the Authorization header, not ${scheme}`);
}

/**
 * The client options for one vendor: base URL, server variables and the first complete credential
 * alternative (one that uses the Authorization header first, when a header was sent).
 */
export function resolveCredentials(vendor: VendorDefinition, env: Environment, authorization?: string): ResolvedCredentials {
  const options: Record<string, unknown> = {};
  const secrets: string[] = [];
  const baseUrl = value(env, vendor.baseUrl);
  if (baseUrl !== undefined) {
    try {
      new URL(baseUrl);
    } catch {
      throw new InvalidSettingError(`${vendor.baseUrl.name} is not an absolute URL (got ${JSON.stringify(baseUrl)})`);
    }
    options.baseUrl = baseUrl;
  }
  const missingServer: string[] = [];
  for (const variable of vendor.serverVariables) {
    const v = value(env, variable);
    if (v !== undefined) options[variable.option] = v;
    else if (baseUrl === undefined) missingServer.push(variable.name);
  }

  const fromHeader = optionsFromAuthorization(vendor, authorization);
  const headerOptions = new Set(Object.keys(fromHeader));
  const ranked = [...vendor.credentials].sort(
    (a, b) => Number(usesAny(b, headerOptions)) - Number(usesAny(a, headerOptions)),
  );
  const variablesOf = (alternative: CredentialAlternative) => [
    ...alternative.variables,
    ...(alternative.clientCredentials ? [alternative.clientCredentials.clientId, alternative.clientCredentials.clientSecret] : []),
  ];
  const missingFor = (alternative: CredentialAlternative) =>
    variablesOf(alternative).filter((variable) => fromHeader[variable.option] === undefined && value(env, variable) === undefined);
  const chosen = ranked.find((alternative) => missingFor(alternative).length === 0);

  if (!chosen || missingServer.length > 0) {
    const parts: string[] = [];
    if (!chosen) {
      // "A", "A and B (C is set)", "A, or B and C": what each alternative still needs.
      const needs = vendor.credentials.map((alternative) => {
        const missing = missingFor(alternative).map((v) => v.name);
        const present = variablesOf(alternative).map((v) => v.name).filter((name) => !missing.includes(name));
        return `${missing.join(" and ")}${present.length ? ` (${present.join(", ")} ${present.length === 1 ? "is" : "are"} set)` : ""}`;
      });
      parts.push(`credentials: set ${needs.join(", or ")}`);
    }
    if (missingServer.length > 0) parts.push(`${missingServer.join(" and ")} (or ${vendor.baseUrl.name})`);
    throw new MissingCredentialsError(`${vendor.name}: missing ${parts.join("; and ")}`);
  }

  for (const variable of chosen.variables) {
    const v = fromHeader[variable.option] ?? value(env, variable)!;
    options[variable.option] = v;
    if (variable.secret) secrets.push(v);
  }
  const cc = chosen.clientCredentials;
  if (cc) {
    const clientSecret = value(env, cc.clientSecret)!;
    secrets.push(clientSecret);
    options.oauth = {
      clientId: value(env, cc.clientId)!,
      clientSecret,
      clientCredentials: true,
      ...(value(env, cc.scope) ? { scope: value(env, cc.scope) } : {}),
      ...(value(env, cc.tokenUrl) ? { tokenUrl: value(env, cc.tokenUrl) } : {}),
    };
  }
  return { options, secrets, fromHeader: chosen.variables.some((v) => headerOptions.has(v.option)) };
}

function usesAny(alternative: CredentialAlternative, options: Set<string>): boolean {
  return alternative.variables.some((v) => options.has(v.option));
}
