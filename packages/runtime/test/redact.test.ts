import { describe, expect, it } from "vitest";
import { REDACTED, redactBody, redactHeaders, redactUrl } from "../src/redact.js";

/** The redaction helpers the runtime exports for programs that log what they send and receive. */
describe("exported redaction helpers", () => {
  it("redactBody replaces secret-named fields at any depth and leaves the rest as it was", () => {
    const body = { id: 7, amount: 12.5, contact: { name: "Ada", access_token: "abc", nested: [{ password: { hash: "x" } }, null, "kept"] }, api_key: 12345 };
    expect(redactBody(body)).toEqual({ id: 7, amount: 12.5, contact: { name: "Ada", access_token: REDACTED, nested: [{ password: REDACTED }, null, "kept"] }, api_key: REDACTED });
    expect(body.contact.access_token).toBe("abc");
    expect(redactBody("plain")).toBe("plain");
    expect(redactBody(undefined)).toBeUndefined();
  });

  it("redactHeaders and redactUrl hide credentials by name", () => {
    expect(redactHeaders(new Headers({ Authorization: "Bearer x", "X-Custom-Key": "k", Accept: "application/json" }), ["x-custom-key"])).toEqual({ authorization: REDACTED, "x-custom-key": REDACTED, accept: "application/json" });
    expect(redactUrl("https://u:p@api.example.test/v1?api_key=s3cret&page=2")).toBe(`https://api.example.test/v1?api_key=${REDACTED}&page=2`);
  });
});
