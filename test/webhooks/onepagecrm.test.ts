import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromNodeRequest, isWebhookVerificationError, parseWebhook, webhookEventNames, type OnePageCrmWebhookEvent } from "@crmkit/onepagecrm/webhooks";
import { deliver, listenForDeliveries } from "./receiver.js";

const SECRET = "mysecretkey-for-the-test";

/** OnePageCRM echoes the secret key in the body and stamps each delivery; the receiver checks both. */
describe("OnePageCRM webhooks, end to end over HTTP", () => {
  let receiver: Awaited<ReturnType<typeof listenForDeliveries<OnePageCrmWebhookEvent>>>;

  beforeAll(async () => {
    receiver = await listenForDeliveries((req) => fromNodeRequest(req).then((request) => parseWebhook(request, { secret: SECRET })), isWebhookVerificationError);
  });
  afterAll(() => receiver.close());

  const now = () => Math.floor(Date.now() / 1000);
  const contact = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      timestamp: now(),
      secretkey: SECRET,
      reason: "updated",
      type: "contact",
      data: { contact: { id: "5417f8291da4171227000041", first_name: "Johnny", last_name: "Bravo", emails: [{ type: "work", value: "jb@cartoonnetwork.com" }] } },
      ...fields,
    });

  it("accepts a delivery whose echoed secret matches, types it by `type` and drops the secret", async () => {
    const answer = await deliver(receiver.url, contact(), { "content-type": "application/json" });
    expect(answer.status).toBe(200);
    const event = receiver.received.at(-1)!;
    expect(event).toMatchObject({ known: true, name: "contact", verification: "secret", payload: { reason: "updated", data: { contact: { first_name: "Johnny" } } } });
    expect(JSON.stringify(event)).not.toContain(SECRET);
    expect(event.sentAt).toBeInstanceOf(Date);
  });

  it("takes the timestamp as a string of digits, as the vendor's samples send it", async () => {
    const answer = await deliver(receiver.url, JSON.stringify({ timestamp: String(now()), secretkey: SECRET, type: "note", reason: "created", data: { id: "51c32989ceb9972c1a000008" } }), {
      "content-type": "application/json",
    });
    expect(answer.status).toBe(200);
    expect(receiver.received.at(-1)).toMatchObject({ name: "note", payload: { data: { id: "51c32989ceb9972c1a000008" } } });
  });

  it("refuses a replayed delivery (an old timestamp), a future one, a wrong key and a missing key", async () => {
    const results = [
      await deliver(receiver.url, contact({ timestamp: now() - 3600 }), { "content-type": "application/json" }),
      await deliver(receiver.url, contact({ timestamp: now() + 3600 }), { "content-type": "application/json" }),
      await deliver(receiver.url, contact({ secretkey: "mysecretkey" }), { "content-type": "application/json" }),
      await deliver(receiver.url, contact({ secretkey: null }), { "content-type": "application/json" }),
    ];
    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(receiver.refused.slice(-4)).toEqual(["timestamp_out_of_tolerance", "timestamp_out_of_tolerance", "secret_mismatch", "missing_secret"]);
    for (const r of results) expect(r.text).not.toContain(SECRET);
  });

  it("reads the same delivery posted as Rails-style form params", async () => {
    const form = new URLSearchParams({
      timestamp: String(now()),
      secretkey: SECRET,
      type: "deal",
      reason: "changed_to_won",
      "data[id]": "51c32a19ceb9972c1a00002d",
      "data[name]": "May deal",
      "data[amount]": "5130.0",
    }).toString();
    const answer = await deliver(receiver.url, form, { "content-type": "application/x-www-form-urlencoded" });
    expect(answer.status).toBe(200);
    expect(receiver.received.at(-1)).toMatchObject({ name: "deal", format: "form", payload: { reason: "changed_to_won", data: { id: "51c32a19ceb9972c1a00002d", name: "May deal" } } });
  });

  it("turns a type the spec does not list into an unknown event", async () => {
    const answer = await deliver(receiver.url, contact({ type: "meeting" }), { "content-type": "application/json" });
    expect(answer.status).toBe(200);
    expect(receiver.received.at(-1)).toMatchObject({ known: false, name: "meeting" });
  });

  it("lets the receiver widen the tolerance, or turn it off", async () => {
    const old = new Request("https://receiver.test/", { method: "POST", headers: { "content-type": "application/json" }, body: contact({ timestamp: now() - 3600 }) });
    await expect(parseWebhook(old, { secret: SECRET, toleranceSeconds: 7200 })).resolves.toMatchObject({ known: true });
    const older = new Request("https://receiver.test/", { method: "POST", headers: { "content-type": "application/json" }, body: contact({ timestamp: 1410857130 }) });
    await expect(parseWebhook(older, { secret: SECRET, toleranceSeconds: 0 })).resolves.toMatchObject({ known: true });
  });

  it("lists the documented types", () => {
    expect([...webhookEventNames]).toEqual(["contact", "action", "deal", "note"]);
  });
});
