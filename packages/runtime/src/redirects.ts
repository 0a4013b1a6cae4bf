/**
 * Following redirects by hand, loaded the first time a server redirects. Within the origin a redirect is
 * followed as fetch would (303, and 301/302 after a POST, become a GET without body); to another origin
 * only without credentials and only when no body would be sent there. Anything else is refused.
 */

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface Attempt {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: BodyInit | undefined;
  signal: AbortSignal;
}

export async function followRedirects(
  send: typeof fetch,
  first: Response,
  attempt: Attempt,
  credentialHeaders: readonly string[],
  refuse: (location: string | undefined, detail: string) => unknown,
): Promise<Response> {
  if (first.type === "opaqueredirect") throw refuse(undefined, "this runtime hides redirect targets from scripts, so the client cannot check where it would be sent");
  let { method, url, headers, body } = attempt;
  let response = first;
  for (let hops = 0; ; hops++) {
    const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
    if (location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, url);
    if (hops >= MAX_REDIRECTS) throw refuse(next.href, `more than ${MAX_REDIRECTS} redirects`);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = method === "HEAD" ? "HEAD" : "GET";
      body = undefined;
      headers = without(headers, ["content-type"]);
    }
    if (next.origin !== new URL(url).origin) {
      if (body !== undefined) {
        throw refuse(next.href, "it points at another origin and would send the request body there; the client sends neither bodies nor credentials across origins");
      }
      headers = without(headers, ["authorization", "cookie", ...credentialHeaders]);
      credentialHeaders = [];
    }
    url = next.href;
    response = await send(url, { method, headers, body, signal: attempt.signal, redirect: "manual" });
  }
}

function without(headers: Record<string, string>, names: string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!drop.has(name.toLowerCase())) out[name] = value;
  return out;
}
