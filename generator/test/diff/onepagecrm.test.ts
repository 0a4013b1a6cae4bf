import { describe, expect, it } from "vitest";
import { diffSurfaces, type Change, type DiffResult } from "../../src/diff/compare.js";
import { formatReport, toJson } from "../../src/diff/report.js";
import { surfaceOf } from "../../src/diff/surface.js";
import { loadDocument } from "../../src/load.js";
import { readFromSources, sha256 } from "../../src/specs/fetch.js";
import { MIRROR, NEW_COMMIT, NEW_SHA256, OLD_COMMIT, OLD_SHA256, upstreamUrl } from "../support/mirror.js";

async function upstream(commit: string, expectedSha: string) {
  const { bytes } = await readFromSources(upstreamUrl(commit), { mirror: MIRROR, fetch: (async () => Promise.reject(new Error("no network in tests"))) as typeof fetch });
  expect(sha256(bytes)).toBe(expectedSha);
  return loadDocument(`${commit.slice(0, 7)}/swagger.yaml`, bytes.toString("utf8"));
}

describe.skipIf(!MIRROR)("diff of OnePageCRM's published spec, 7aaccf4 → 1bfe63c (raw upstream: OpenAPI 3.0, no x-crmkit, no operationIds in 7aaccf4)", () => {
  let result: DiffResult;
  const find = (predicate: (c: Change) => boolean) => result.changes.filter(predicate);

  it("reads both files as plain OpenAPI and finds a breaking change", { timeout: 120_000 }, async () => {
    const [before, after] = [await upstream(OLD_COMMIT, OLD_SHA256), await upstream(NEW_COMMIT, NEW_SHA256)];
    result = diffSurfaces(surfaceOf(before), surfaceOf(after));
    expect(result.old.operations).toHaveLength(161);
    expect(result.new.operations).toHaveLength(166);
    expect(result.old.client).toBeUndefined();
    expect(result.level).toBe("major");
  });

  it("Contact.url renamed to urls is breaking", () => {
    const renamed = find((c) => c.kind === "field-renamed" && c.pointer === "/components/schemas/Contact/properties/urls");
    expect(renamed.length).toBeGreaterThan(10); // every operation returning a contact
    expect(renamed.every((c) => c.level === "major" && c.message === "response field Contact.url renamed to urls")).toBe(true);
    expect(renamed.map((c) => c.operation)).toContain("GET /contacts/{contact_id}");
  });

  it("the predefined_action_groups operations and unlinkAction are features", () => {
    const added = find((c) => c.kind === "operation-added");
    expect(added.map((c) => [c.level, c.operation])).toEqual([
      ["minor", "GET /predefined_action_groups"],
      ["minor", "POST /predefined_action_groups"],
      ["minor", "GET /predefined_action_groups/{predefined_action_group_id}"],
      ["minor", "PUT /predefined_action_groups/{predefined_action_group_id}"],
      ["minor", "DELETE /predefined_action_groups/{predefined_action_group_id}"],
      ["minor", "PUT /actions/{action_id}/unlink"],
    ]);
    expect(added.find((c) => c.operation === "PUT /actions/{action_id}/unlink")!.message).toBe("new operation unlinkAction (PUT /actions/{action_id}/unlink)");
  });

  it("POST /companies/{company_id}/logo removed is breaking", () => {
    expect(find((c) => c.kind === "operation-removed").map((c) => [c.level, c.operation, c.pointer])).toEqual([
      ["major", "POST /companies/{company_id}/logo", "/paths/~1companies~1{company_id}~1logo/post"],
    ]);
  });

  it("classifies the other fixes the notes record", () => {
    // Company.synced_status_id boolean → string: breaking for readers.
    expect(find((c) => c.pointer === "/components/schemas/Company/properties/synced_status_id" && c.kind === "type-changed")[0]).toMatchObject({
      level: "major",
      message: "response field Company.synced_status_id: type boolean → string",
    });
    // contact_photo answers 200 instead of 201: a fix.
    expect(find((c) => c.kind === "response-status-changed").map((c) => [c.level, c.operation])).toEqual([
      ["patch", "PUT /contacts/{contact_id}/contact_photo"],
      ["patch", "DELETE /contacts/{contact_id}/contact_photo"],
    ]);
    // relationship_types answer data.relationship_type (was data.deal).
    expect(find((c) => c.operation === "GET /relationship_types/{relationship_type_id}" && c.kind.startsWith("response-field")).map((c) => [c.level, c.message])).toEqual([
      ["major", "response field data.deal removed"],
      ["minor", "response field data.relationship_type added"],
    ]);
    // skype left the phone types: a removed response enum value breaks code comparing with it.
    expect(find((c) => c.pointer === "/components/schemas/Contact/properties/phones/items/properties/type" && c.kind === "enum-value-removed")[0]!.level).toBe("major");
    // fields on GET /contacts: a new optional parameter.
    expect(find((c) => c.operation === "GET /contacts" && c.kind === "parameter-added")[0]).toMatchObject({ level: "minor", message: "optional query parameter fields added" });
    // Every operation gains an operationId: it names the method and types.
    expect(find((c) => c.kind === "operation-id-added")).toHaveLength(160);
  });

  it("prints a readable report and the --json shape", () => {
    const report = formatReport(result, { title: "OnePageCRM API 3.0: 7aaccf4 → 1bfe63c", oldLabel: "7aaccf4", newLabel: "1bfe63c" });
    const [first, second, third] = report.split("\n");
    expect(first).toBe("OnePageCRM API 3.0: 7aaccf4 → 1bfe63c: major (breaking changes)");
    expect(second).toMatch(/^ {2}\d+ breaking, \d+ features, \d+ fixes \(160 of the features: operationIds given; \d+ of the fixes: summaries or descriptions\); \d+ changes over \d+ operations$/);
    expect(third).toBe("  operations: 6 added, 1 removed, 0 renamed, 166 in all (was 161)");
    expect(report).toContain("  schema Contact (in ");
    expect(report).toContain("    - response field Contact.url renamed to urls  #/components/schemas/Contact/properties/urls");
    const json = toJson(result);
    expect(json.level).toBe("major");
    expect(json.changes.every((c) => Object.keys(c).join() === "level,kind,operation,pointer,message")).toBe(true);
  });
});
