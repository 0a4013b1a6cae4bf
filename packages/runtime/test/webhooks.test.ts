import { createHmac } from "node:crypto";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  decodeForm,
  fromNodeRequest,
  isWebhookVerificationError,
  parseWebhookRequest,
  timingSafeEqual,
  WebhookVerificationError,
  type ParseWebhookOptions,
  type WebhookDefinition,
  type WebhookFailureReason,
} from "../src/webhooks/index.js";

/** A vendor that signs the body with an HMAC header and names the event in another header. */
const signed: WebhookDefinition = {
  vendor: "Signer",
  method: "POST",
  event: { in: "header", name: "X-Event" },
  verification: { type: "hmac", header: "X-Signature", algorithms: ["sha1", "sha256"], encoding: "hex", prefix: "{algorithm}=", prefixRequired: false },
  events: { "record.created": { resourceUrl: "resource_url" }, "record.deleted": {} },
  servers: ["https://{tenant}.api.example.test/api/v1"],
};
/** A vendor that echoes the secret in the body, with a send time and the event in `kind`. */
const echoed: WebhookDefinition = {
  vendor: "Echoer",
  method: "POST",
  event: { in: "body", name: "kind" },
  verification: { type: "echoed-secret", field: "key", timestamp: { field: "sent", format: "unix-seconds", toleranceSeconds: 300 } },
  events: { note: {} },
  servers: ["https://api.echo.test"],
};
/** A vendor that signs nothing and does not name the event. */
const unsigned: WebhookDefinition = {
  vendor: "Plain",
  method: "POST",
  event: { in: "subscription" },
  verification: { type: "none" },
  events: { newthing: { resourceUrl: "url" }, deletething: {} },
  servers: ["https://api.plain.test"],
};

const SECRET = "s3cr3t-value-for-tests";
const sign = (body: string, secret = SECRET, algorithm = "sha1") => createHmac(algorithm, secret).update(body).digest("hex");

function delivery(body: string, headers: Record<string, string> = {}, method = "POST"): Request {
  return new Request("https://receiver.test/hooks", { method, headers: { "content-type": "application/json", ...headers }, body: method === "GET" ? undefined : body });
}

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error("expected the delivery to be rejected");
}

async function reasonOf(promise: Promise<unknown>): Promise<WebhookFailureReason> {
  return (await rejection(promise)).reason;
}

const body = JSON.stringify({ id: "1437", resource_url: "https://acme.api.example.test/api/v1/records/1437" });

describe("HMAC-signed deliveries", () => {
  const parse = (req: Request, options: ParseWebhookOptions = { secret: SECRET }) => parseWebhookRequest(req, signed, options);

  it("accepts a sha1= signature over the exact body and types the event from the header", async () => {
    const event = await parse(delivery(body, { "x-signature": `sha1=${sign(body)}`, "x-event": "record.created" }));
    expect(event).toMatchObject({ known: true, name: "record.created", verification: "signature", format: "json", payload: { id: "1437" } });
  });

  it("accepts sha256=, a bare hex digest (matched by its length) and upper-case hex", async () => {
    for (const signature of [`sha256=${sign(body, SECRET, "sha256")}`, sign(body), sign(body, SECRET, "sha256").toUpperCase(), `SHA1=${sign(body)}`]) {
      const event = await parse(delivery(body, { "x-signature": signature, "x-event": "record.created" }));
      expect(event.verification).toBe("signature");
    }
  });

  it("refuses a tampered body, a wrong secret and a signature of another algorithm's length", async () => {
    const signature = `sha1=${sign(body)}`;
    expect(await reasonOf(parse(delivery(body.replace("1437", "1438"), { "x-signature": signature, "x-event": "record.created" })))).toBe("signature_mismatch");
    expect(await reasonOf(parse(delivery(body, { "x-signature": signature, "x-event": "record.created" }), { secret: "another-secret" }))).toBe("signature_mismatch");
    expect(await reasonOf(parse(delivery(body, { "x-signature": `sha256=${sign(body)}`, "x-event": "record.created" })))).toBe("malformed_signature");
  });

  it("accepts any of several secrets during a rotation", async () => {
    const event = await parse(delivery(body, { "x-signature": sign(body, "new-secret"), "x-event": "record.created" }), { secret: [SECRET, "new-secret"] });
    expect(event.verification).toBe("signature");
  });

  it("names what is wrong: missing, malformed, unsupported", async () => {
    expect(await reasonOf(parse(delivery(body, { "x-event": "record.created" })))).toBe("missing_signature");
    expect(await reasonOf(parse(delivery(body, { "x-signature": "sha1=not-hex", "x-event": "record.created" })))).toBe("malformed_signature");
    expect(await reasonOf(parse(delivery(body, { "x-signature": "abc", "x-event": "record.created" })))).toBe("malformed_signature");
    expect(await reasonOf(parse(delivery(body, { "x-signature": `md5=${"ab".repeat(16)}`, "x-event": "record.created" })))).toBe("unsupported_algorithm");
    // Restricting algorithms turns an allowed one into an unsupported one.
    expect(await reasonOf(parse(delivery(body, { "x-signature": `sha1=${sign(body)}`, "x-event": "record.created" }), { secret: SECRET, algorithms: ["sha256"] }))).toBe("unsupported_algorithm");
  });

  it("never puts the secret or the signature in the error", async () => {
    const signature = sign(body, "not-the-secret");
    const error = await rejection(parse(delivery(body, { "x-signature": signature, "x-event": "record.created" })));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(signature);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(error).toMatchObject({ name: "WebhookVerificationError", vendor: "Signer", reason: "signature_mismatch" });
    expect(isWebhookVerificationError(error)).toBe(true);
    expect(isWebhookVerificationError(new Error("x"))).toBe(false);
  });

  it("verifies form-encoded bodies byte for byte and decodes them", async () => {
    const form = "id=1437&resource_url=https%3A%2F%2Facme.api.example.test%2Fapi%2Fv1%2Frecords%2F1437";
    const event = await parse(
      delivery(form, { "content-type": "application/x-www-form-urlencoded", "x-signature": `sha1=${sign(form)}`, "x-event": "record.created" }),
    );
    expect(event).toMatchObject({ format: "form", payload: { id: "1437", resource_url: "https://acme.api.example.test/api/v1/records/1437" } });
  });

  it("needs a secret unless told that deliveries are unsigned", async () => {
    await expect(parse(delivery(body, { "x-event": "record.created" }), {})).rejects.toThrow(TypeError);
    const event = await parse(delivery(body, { "x-event": "record.created" }), { allowUnsigned: true });
    expect(event.verification).toBe("none");
  });

  it("refuses other methods and oversized bodies", async () => {
    expect(await reasonOf(parse(delivery("", {}, "GET")))).toBe("method_not_allowed");
    const big = JSON.stringify({ pad: "x".repeat(2048) });
    expect(await reasonOf(parse(delivery(big, { "x-signature": sign(big), "x-event": "record.created" }), { secret: SECRET, maxBodyBytes: 1024 }))).toBe("body_too_large");
    // Without a Content-Length the stream is cut off as it passes the limit.
    const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) });
    const chunked = new Request("https://receiver.test/hooks", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(await reasonOf(parse(chunked, { secret: SECRET, maxBodyBytes: 1024 }))).toBe("body_too_large");
  });

  it("refuses a JSON body that does not parse, after the signature holds", async () => {
    const broken = "{not json";
    expect(await reasonOf(parse(delivery(broken, { "x-signature": sign(broken), "x-event": "record.created" })))).toBe("malformed_body");
  });

  it("types an event the spec does not list as unknown instead of failing", async () => {
    const event = await parse(delivery(body, { "x-signature": sign(body), "x-event": "record.archived" }));
    expect(event).toMatchObject({ known: false, name: "record.archived", payload: { id: "1437" } });
    expect("fetch" in event).toBe(false);
    expect(await reasonOf(parse(delivery(body, { "x-signature": sign(body) })))).toBe("missing_event");
  });
});

describe("deliveries that echo the secret", () => {
  const now = 1_700_000_000;
  const note = (fields: Record<string, unknown> = {}) => JSON.stringify({ kind: "note", key: SECRET, sent: now, data: { id: "n1" }, ...fields });
  const parse = (text: string, options: ParseWebhookOptions = {}) =>
    parseWebhookRequest(delivery(text), echoed, { secret: SECRET, now: () => now * 1000, ...options });

  it("checks the secret and drops it from the payload", async () => {
    const event = await parse(note());
    expect(event).toMatchObject({ known: true, name: "note", verification: "secret", payload: { kind: "note", data: { id: "n1" } } });
    expect(event.payload).not.toHaveProperty("key");
    expect(JSON.stringify(event)).not.toContain(SECRET);
    expect(event.sentAt?.getTime()).toBe(now * 1000);
  });

  it("refuses a wrong or missing secret", async () => {
    expect(await reasonOf(parse(note({ key: "guess" })))).toBe("secret_mismatch");
    expect(await reasonOf(parse(note({ key: null })))).toBe("missing_secret");
    expect(await reasonOf(parse(note({ key: "" })))).toBe("missing_secret");
  });

  it("refuses replays outside the tolerance, in both directions, and takes timestamps as digit strings", async () => {
    const old = await rejection(parse(note({ sent: now - 301 })));
    expect(old.reason).toBe("timestamp_out_of_tolerance");
    expect(old.message).toContain("301 s old");
    expect(await reasonOf(parse(note({ sent: now + 400 })))).toBe("timestamp_out_of_tolerance");
    await expect(parse(note({ sent: String(now - 299) }))).resolves.toMatchObject({ known: true });
    await expect(parse(note({ sent: now - 3600 }), { toleranceSeconds: 7200 })).resolves.toMatchObject({ known: true });
    await expect(parse(note({ sent: now - 86_400 * 365 }), { toleranceSeconds: 0 })).resolves.toMatchObject({ known: true });
    expect(await reasonOf(parse(note({ sent: "yesterday" })))).toBe("malformed_timestamp");
    expect(await reasonOf(parse(note({ sent: undefined })))).toBe("missing_timestamp");
  });

  it("reads a form body with bracket nesting", async () => {
    const form = `kind=note&key=${SECRET}&sent=${now}&data[id]=n1&data[tags][]=a&data[tags][]=b`;
    const event = await parseWebhookRequest(
      new Request("https://receiver.test/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }),
      echoed,
      { secret: SECRET, now: () => now * 1000 },
    );
    expect(event.payload).toEqual({ kind: "note", sent: String(now), data: { id: "n1", tags: ["a", "b"] } });
  });
});

describe("unsigned deliveries and fetching the record", () => {
  const payload = JSON.stringify({ id: 395, url: "https://api.plain.test/things/395" });

  it("takes the event from the options and says nothing was verified", async () => {
    const event = await parseWebhookRequest(delivery(payload), unsigned, { event: "newthing" });
    expect(event).toMatchObject({ known: true, name: "newthing", verification: "none", payload: { id: 395 } });
    expect(await reasonOf(parseWebhookRequest(delivery(payload), unsigned, {}))).toBe("missing_event");
  });

  it("fetches the record through the client by its path under the API's base URL", async () => {
    const seen: string[] = [];
    const client = { get: async (path: string) => (seen.push(path), { id: 395, name: "Thing" }) };
    const event = await parseWebhookRequest(delivery(payload), unsigned, { event: "newthing" });
    if (!event.known || !event.fetch) throw new Error("expected a fetchable event");
    await expect(event.fetch(client)).resolves.toEqual({ id: 395, name: "Thing" });
    await expect(event.confirm!(client)).resolves.toEqual({ id: 395, name: "Thing" });
    expect(seen).toEqual(["/things/395", "/things/395"]);
    // The methods are not data: serialising the event shows only what was delivered.
    expect(Object.keys(event)).not.toContain("fetch");
  });

  it("matches server variables to one host label and keeps the query", async () => {
    const seen: string[] = [];
    const client = { get: async (path: string) => void seen.push(path) };
    const url = "https://acme.api.example.test/api/v1/records/9?_fields=title";
    const event = await parseWebhookRequest(delivery(JSON.stringify({ resource_url: url }), { "x-event": "record.created" }), signed, { allowUnsigned: true });
    if (!event.known || !event.fetch) throw new Error("expected a fetchable event");
    await event.fetch(client);
    expect(seen).toEqual(["/records/9?_fields=title"]);
  });

  it("never sends the client to a host outside the API", async () => {
    const client = { get: async () => "should not be called" };
    for (const url of ["https://evil.test/things/395", "http://api.plain.test/things/395", "https://api.plain.test.evil.test/x", "not a url"]) {
      const event = await parseWebhookRequest(delivery(JSON.stringify({ id: 1, url })), unsigned, { event: "newthing" });
      if (!event.known || !event.fetch) throw new Error("expected a fetchable event");
      expect(await reasonOf(event.fetch(client))).toBe("resource_url_not_allowed");
    }
    // A proxy the caller trusts, or the client's own base URL, is fine.
    const proxied = await parseWebhookRequest(delivery(JSON.stringify({ id: 1, url: "https://proxy.test/pwf/things/1" })), unsigned, { event: "newthing" });
    if (!proxied.known || !proxied.fetch) throw new Error("expected a fetchable event");
    await expect(proxied.fetch({ get: async (p: string) => p }, { allowedBaseUrls: ["https://proxy.test/pwf"] })).resolves.toBe("/things/1");
    await expect(proxied.fetch({ baseUrl: "https://proxy.test/pwf/", get: async (p: string) => p })).resolves.toBe("/things/1");
  });

  it("turns a missing record into an unconfirmed delivery, and passes other errors on", async () => {
    const event = await parseWebhookRequest(delivery(payload), unsigned, { event: "newthing" });
    if (!event.known || !event.confirm) throw new Error("expected a confirmable event");
    const missing = Object.assign(new Error("GET /things/395 answered 404"), { status: 404 });
    expect(await reasonOf(event.confirm({ get: async () => Promise.reject(missing) }))).toBe("unconfirmed");
    const outage = Object.assign(new Error("answered 503"), { status: 503 });
    await expect(event.confirm({ get: async () => Promise.reject(outage) })).rejects.toBe(outage);
  });

  it("gives delete events no fetch", async () => {
    const event = await parseWebhookRequest(delivery(JSON.stringify({ id: 395 })), unsigned, { event: "deletething" });
    expect(event.known && "fetch" in event).toBe(false);
  });
});

describe("decodeForm", () => {
  it("expands brackets, keeps flat keys flat and drops keys that reach prototypes", () => {
    expect(decodeForm("a=1&b[c]=2&b[d][e]=3&list[]=x&list[]=y&rows[][n]=1&rows[][n]=2&plain[=4")).toEqual({
      a: "1",
      b: { c: "2", d: { e: "3" } },
      list: ["x", "y"],
      rows: [{ n: "1" }, { n: "2" }],
      "plain[": "4",
    });
    const polluted = decodeForm("__proto__[admin]=1&a[constructor][prototype][x]=1&ok=1");
    expect(polluted).toEqual({ ok: "1" });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe("timingSafeEqual", () => {
  it("compares bytes", () => {
    const a = new Uint8Array([1, 2, 3]);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(a, new Uint8Array([1, 2]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe("fromNodeRequest", () => {
  /** Sends `body` to a node:http server whose handler turns the request into a standard Request. */
  async function roundTrip(body: Buffer, prepare: (req: import("node:http").IncomingMessage) => Promise<void> = async () => {}) {
    let received: Promise<Request> | undefined;
    const server = createServer((req, res) => {
      received = prepare(req).then(() => fromNodeRequest(req));
      received.then(
        () => res.end("ok"),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/hooks?event=newthing", method: "POST", headers: { "content-type": "application/json", "x-multi": ["a", "b"] } }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end(body);
    });
    server.close();
    return { answer, request: received! };
  }

  it("keeps the exact bytes, the headers and the URL", async () => {
    const bytes = Buffer.from('{"name":"Zoë","n":1}', "utf8");
    const { answer, request } = await roundTrip(bytes);
    expect(answer).toBe("ok");
    const req = await request;
    expect(new URL(req.url).pathname).toBe("/hooks");
    expect(new URL(req.url).searchParams.get("event")).toBe("newthing");
    expect(req.headers.get("content-type")).toBe("application/json");
    expect(req.headers.get("x-multi")).toBe("a, b");
    expect(Buffer.from(await req.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("uses a raw body a framework kept and refuses one that was parsed away", async () => {
    // What a body parser does: read the stream to its end, then keep the bytes or only the parsed value.
    const consume = async (req: import("node:http").IncomingMessage) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    const kept = await roundTrip(Buffer.from("kept bytes"), async (req) => {
      const raw = await consume(req);
      Object.assign(req, { rawBody: raw, body: JSON.parse('{"parsed":true}') });
    });
    expect(await (await kept.request).text()).toBe("kept bytes");
    const parsed = await roundTrip(Buffer.from('{"a":1}'), async (req) => {
      Object.assign(req, { body: JSON.parse((await consume(req)).toString()) });
    });
    expect(parsed.answer).toContain("already turned the body into an object");
  });
});
