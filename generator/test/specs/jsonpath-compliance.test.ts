import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JsonPathError, queryJsonPath } from "../../src/specs/jsonpath.js";

/**
 * The overlay's JSONPath is json-p3, held to RFC 9535 here.
 *
 * 1. The official compliance suite (github.com/jsonpath-standard/jsonpath-compliance-test-suite,
 *    BSD-2-Clause) runs when its cts.json is at test/fixtures/jsonpath-cts/cts.json or at $JSONPATH_CTS.
 *    Nothing is fetched at test time.
 * 2. Cases of our own, always: the parts of RFC 9535 overlays lean on, and the ones hand-written
 *    subsets and other npm implementations got wrong.
 */

interface CtsCase {
  name: string;
  selector: string;
  document?: unknown;
  result?: unknown[];
  results?: unknown[][];
  invalid_selector?: boolean;
}

const ctsFile = process.env.JSONPATH_CTS || fileURLToPath(new URL("../fixtures/jsonpath-cts/cts.json", import.meta.url));
const cts = existsSync(ctsFile) ? (JSON.parse(readFileSync(ctsFile, "utf8")) as { tests: CtsCase[] }).tests : undefined;
if (!cts) {
  process.stderr.write(
    `JSONPath compliance suite not found at ${ctsFile}: skipping it. Put the suite's cts.json there (BSD-2-Clause; keep its licence beside it) or set JSONPATH_CTS.\n`,
  );
}

function check(c: CtsCase): void {
  if (c.invalid_selector) {
    expect(() => queryJsonPath(c.document ?? {}, c.selector)).toThrow(JsonPathError);
    return;
  }
  const values = queryJsonPath(c.document, c.selector).map((m) => m.value);
  if (c.results) expect(c.results).toContainEqual(values);
  else expect(values).toEqual(c.result);
}

describe.skipIf(!cts)("RFC 9535 compliance suite (official cts.json)", () => {
  it.each((cts ?? []).map((c) => [c.name, c] as const))("%s", (_, c) => check(c));
});

const doc = {
  paths: {
    "/contacts": {
      get: {
        parameters: [
          { name: "page", in: "query", required: false, schema: { type: "integer" } },
          { name: "per_page", in: "query", schema: { type: "integer", maximum: 100 } },
          { name: "contact_id", in: "path", required: true },
          { name: "X-Trace", in: "header" },
        ],
      },
    },
    "/deals/{id}": { put: { summary: "Update a deal" } },
  },
  tags: [{ name: "Kontakte Übersicht" }, { name: "Web Hooks" }, { name: "it's" }],
  list: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
};
const params = doc.paths["/contacts"].get.parameters;

describe("RFC 9535 cases overlays rely on", () => {
  it.each<[string, string, unknown[]]>([
    ["root", "$", [doc]],
    ["bracketed name with a slash", "$.paths['/contacts'].get.parameters[0].name", ["page"]],
    ["double-quoted name", '$.paths["/deals/{id}"].put.summary', ["Update a deal"]],
    ["escaped quote in a name", "$.tags[?@.name == 'it\\'s'].name", ["it's"]],
    ["non-ASCII member name in a filter", "$.tags[?@.name == 'Kontakte Übersicht'].name", ["Kontakte Übersicht"]],
    ["negative index", "$.list[-1]", [9]],
    ["slice", "$.list[1:4]", [1, 2, 3]],
    ["slice with a step", "$.list[::3]", [0, 3, 6, 9]],
    ["reverse slice", "$.list[3:0:-1]", [3, 2, 1]],
    ["union of indexes", "$.list[0,2,4]", [0, 2, 4]],
    ["union of names", "$.paths['/contacts'].get.parameters[0]['name','in']", ["page", "query"]],
    ["wildcard", "$.tags[*].name", ["Kontakte Übersicht", "Web Hooks", "it's"]],
    ["descendant name", "$..maximum", [100]],
    ["existence filter", "$.paths['/contacts'].get.parameters[?@.required].name", ["page", "contact_id"]],
    ["comparison with true", "$.paths['/contacts'].get.parameters[?@.required == true].name", ["contact_id"]],
    ["three-part && (jsonpath-rfc9535 also matched items lacking the last member)", "$.paths['/contacts'].get.parameters[?@.in && @.name && @.required].name", ["page", "contact_id"]],
    ["&& of comparisons", "$.paths['/contacts'].get.parameters[?@.in == 'query' && @.name == 'per_page'].name", ["per_page"]],
    ["|| of comparisons", "$.paths['/contacts'].get.parameters[?@.in == 'path' || @.in == 'header'].name", ["contact_id", "X-Trace"]],
    ["negation", "$.paths['/contacts'].get.parameters[?!@.required].name", ["per_page", "X-Trace"]],
    ["nested path in a filter", "$.paths['/contacts'].get.parameters[?@.schema.type == 'integer'].name", ["page", "per_page"]],
    ["numeric comparison", "$.paths['/contacts'].get.parameters[?@.schema.maximum > 50].name", ["per_page"]],
    ["length()", "$.tags[?length(@.name) == 9].name", ["Web Hooks"]],
    ["count()", "$.paths[?count(@.*) == 1]", [doc.paths["/contacts"], doc.paths["/deals/{id}"]]],
    ["match() (whole string)", "$.tags[?match(@.name, 'Web.*')].name", ["Web Hooks"]],
    ["search() (substring)", "$.tags[?search(@.name, 'Über')].name", ["Kontakte Übersicht"]],
    ["value()", "$.paths[?value(@.put.summary) == 'Update a deal'].put.summary", ["Update a deal"]],
    ["filter on an object's members", "$.paths[?@.get].get.parameters[3].name", ["X-Trace"]],
    ["absent member selects nothing", "$.paths['/gone']", []],
  ])("%s: %s", (_, selector, expected) => {
    expect(queryJsonPath(doc, selector).map((m) => m.value)).toEqual(expected);
  });

  it("gives locations that lead back to each match", () => {
    const matches = queryJsonPath(doc, "$..parameters[?@.in == 'query']");
    expect(matches.map((m) => m.location)).toEqual([
      ["paths", "/contacts", "get", "parameters", 0],
      ["paths", "/contacts", "get", "parameters", 1],
    ]);
    expect(matches.map((m) => m.value)).toEqual([params[0], params[1]]);
  });

  it.each([
    ["no root", "paths"],
    ["leading space", " $"],
    ["trailing space", "$ "],
    ["single = in a filter", "$.tags[?@.name = 'x']"],
    ["bare function result compared without value()", "$[?@.* == 1]"],
    ["unknown function", "$[?nope(@)]"],
    ["length() of a non-singular query", "$[?length(@.*) == 1]"],
    ["empty brackets", "$[]"],
    ["bald descendant", "$.."],
    ["leading zero index", "$.list[01]"],
    ["unterminated string", "$['a"],
  ])("rejects %s: %s", (_, selector) => {
    expect(() => queryJsonPath(doc, selector)).toThrow(JsonPathError);
  });
});
