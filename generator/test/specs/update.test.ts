import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { updatePin } from "../../src/specs/update.js";
import { MIRROR, NEW_COMMIT, NEW_SHA256, OLD_COMMIT, OLD_SHA256, upstreamUrl } from "../support/mirror.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const offline = (async () => Promise.reject(new Error("no network in tests"))) as typeof fetch;

/**
 * A temporary workspace holding what the update touches: the specs folder (pinned to the older
 * commit, with the repo's overlay plus one patch written in 7aaccf4's day), the changesets config and
 * the OnePageCRM package manifest.
 */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), "crmkit-update-"));
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - specs\n  - packages/*\n");
  mkdirSync(join(root, ".changeset"));
  cpSync(join(repo, ".changeset/config.json"), join(root, ".changeset/config.json"));
  mkdirSync(join(root, "packages/onepagecrm"), { recursive: true });
  cpSync(join(repo, "packages/onepagecrm/package.json"), join(root, "packages/onepagecrm/package.json"));
  mkdirSync(join(root, "specs/onepagecrm"), { recursive: true });
  cpSync(join(repo, "specs/package.json"), join(root, "specs/package.json"));
  writeFileSync(join(root, "specs/onepagecrm/upstream.json"), `${JSON.stringify({ url: upstreamUrl(OLD_COMMIT), commit: OLD_COMMIT, sha256: OLD_SHA256 }, null, 2)}\n`);
  const overlay = parseDocument(readFileSync(join(repo, "specs/onepagecrm/overlay.yaml"), "utf8"));
  // 7aaccf4 still had POST /companies/{company_id}/logo; 1bfe63c removed it.
  overlay.addIn(["actions"], {
    target: "$.paths['/companies/{company_id}/logo'].post",
    description: "The upload that PATCH replaces.",
    update: { "x-crmkit-method": "uploadLogo" },
  });
  writeFileSync(join(root, "specs/onepagecrm/overlay.yaml"), overlay.toString({ lineWidth: 0 }));
  return root;
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe.skipIf(!MIRROR)("crmkit-specs update onepagecrm, 7aaccf4 → 1bfe63c, in a temporary copy (through CRMKIT_SPEC_MIRROR)", () => {
  const root = workspace();
  roots.push(root);
  const specsDir = join(root, "specs");
  const pinFile = join(specsDir, "onepagecrm/upstream.json");
  const context = { specsDir, workspaceRoot: root, redocly: "", mirror: MIRROR, fetch: offline };
  const overlayFile = join(specsDir, "onepagecrm/overlay.yaml");
  const lastAction = (parseDocument(readFileSync(overlayFile, "utf8")).toJS() as { actions: unknown[] }).actions.length - 1;

  it("stops when an overlay target no longer matches, naming the action's index, kind and JSONPath; the pin stays", { timeout: 120_000 }, async () => {
    const before = readFileSync(pinFile, "utf8");
    const lines: string[] = [];
    const result = await updatePin({ ...context, vendor: "onepagecrm", commit: NEW_COMMIT.slice(0, 7), log: (l) => lines.push(l) });
    expect(result.status).toBe("overlay-broken");
    const printed = lines.join("\n");
    expect(printed).toContain("onepagecrm: 7aaccf4 → 1bfe63c: read ");
    expect(printed).toContain("onepagecrm: the overlay no longer applies to 1bfe63c: 1 action selects nothing. The pin stays at 7aaccf4.");
    expect(printed).toMatch(
      new RegExp(
        `specs/onepagecrm/overlay\\.yaml:\\d+ at #/actions/${lastAction}/target: action ${lastAction} \\(update\\) no longer matches: ` +
          "its target \\$\\.paths\\['/companies/\\{company_id\\}/logo'\\]\\.post selects nothing in the spec \\(the action says: The upload that PATCH replaces\\.\\)",
      ),
    );
    expect(printed).toMatch(/The new upstream file is specs\/\.cache\/onepagecrm\/[0-9a-f]{16}-swagger\.yaml: fix or drop that action in specs\/onepagecrm\/overlay\.yaml/);
    expect(readFileSync(pinFile, "utf8")).toBe(before);
    expect(existsSync(join(root, ".changeset/onepagecrm-1bfe63c.md"))).toBe(false);
    // For the closing note of the issue.
    process.stdout.write(`\n--- update output when an overlay target stops matching ---\n${printed}\n`);
  });

  it("once the action is dropped, moves the pin, records the sha256, reports and writes the changeset", { timeout: 180_000 }, async () => {
    const overlay = parseDocument(readFileSync(overlayFile, "utf8"));
    overlay.deleteIn(["actions", lastAction]);
    writeFileSync(overlayFile, overlay.toString({ lineWidth: 0 }));

    const lines: string[] = [];
    const result = await updatePin({ ...context, vendor: "onepagecrm", commit: NEW_COMMIT, log: (l) => lines.push(l) });
    expect(result.status).toBe("updated");
    expect(JSON.parse(readFileSync(pinFile, "utf8"))).toEqual({ url: upstreamUrl(NEW_COMMIT), commit: NEW_COMMIT, sha256: NEW_SHA256 });

    const printed = lines.join("\n");
    // 7aaccf4 has no operationIds, so its overlaid spec generates no client: it is compared as plain OpenAPI.
    expect(printed).toContain("OnePageCRM API 3.0: 7aaccf4 → 1bfe63c: major (breaking changes)");
    expect(printed).toContain("note: the old spec does not generate a client, so it was read as plain OpenAPI");
    expect(printed).toContain("response field Contact.url renamed to urls");
    // The new side has the model: methods are named.
    expect(printed).toContain("new operation actions.unlink() (PUT /actions/{action_id}/unlink)");
    expect(printed).not.toContain("now a list");
    expect(printed).toContain("Wrote .changeset/onepagecrm-1bfe63c.md: @crmkit/onepagecrm minor");

    const changeset = readFileSync(join(root, ".changeset/onepagecrm-1bfe63c.md"), "utf8");
    expect(changeset.startsWith('---\n"@crmkit/onepagecrm": minor\n---\n\nOnePageCRM API 3.0: upstream spec OnePageCRM/swagger moved from 7aaccf4 to 1bfe63c: ')).toBe(true);
    expect(changeset).toContain("#### `actions.unlink()` · `PUT /actions/{action_id}/unlink`\n\n- Feature: new operation actions.unlink() (PUT /actions/{action_id}/unlink)");
    expect(changeset).toContain("#### `POST /companies/{company_id}/logo`\n\n- **Breaking**: operation POST /companies/{company_id}/logo removed");
    expect(changeset).toMatch(/#### Schema `Contact` \(in .+\)\n\n- \*\*Breaking\*\*: response field Contact\.url renamed to urls/);
    expect(changeset).toContain("before 1.0 a breaking change bumps the minor version");

    // Running it again finds the pin in place.
    const again = await updatePin({ ...context, vendor: "onepagecrm", commit: NEW_COMMIT, log: () => {} });
    expect(again.status).toBe("unchanged");
  });
});
