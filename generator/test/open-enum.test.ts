import { describe, expect, it } from "vitest";
import { emitTypes } from "../src/emit/types.js";
import { loadDocument } from "../src/load.js";

const spec = (schemas: string) => `openapi: 3.1.0
info: { title: Vocab, version: "1" }
paths: {}
components:
  schemas:
${schemas}`;

const SOURCE = `    Source:
      type: string
      description: Where the contact came from; each workspace edits this list.
      x-crmkit-open-enum: true
      anyOf:
        - type: string
          enum: [Referral, Cold Call]
        - type: string
    Contact:
      type: object
      properties:
        source:
          $ref: "#/components/schemas/Source"
        kind:
          x-crmkit-open-enum: true
          oneOf:
            - enum: [Work, Home, null]
            - type: string
        stage:
          x-crmkit-open-enum: true
          anyOf:
            - $ref: "#/components/schemas/KnownStages"
            - type: [string, "null"]
    KnownStages:
      type: string
      enum: [Open, Won]
    Closed:
      type: string
      enum: [a, b]
`;

async function types(schemas: string): Promise<string> {
  const loaded = loadDocument("vocab.yaml", spec(schemas));
  return emitTypes(loaded.doc, "vocab", loaded.error);
}

describe("x-crmkit-open-enum", () => {
  it("types the known values plus any other string, keeping null where the schema allows it", async () => {
    const out = (await types(SOURCE)).replace(/\s+/g, " ");
    expect(out).toMatch(/Source: "Referral" \| "Cold Call" \| \(?string & \{\}\)?;/);
    expect(out).toContain('source?: components["schemas"]["Source"];');
    expect(out).toMatch(/kind\?: "Work" \| "Home" \| \(?string & \{\}\)? \| null;/);
    // Known values may come from a $ref'd enum; the any-string branch here is nullable.
    expect(out).toMatch(/stage\?: "Open" \| "Won" \| \(?string & \{\}\)? \| null;/);
    // Schemas without the extension are untouched.
    expect(out).toContain('Closed: "a" | "b";');
    expect(out).toContain('KnownStages: "Open" | "Won";');
  });

  it("rejects a marked schema that would still refuse unknown values, naming file, line and pointer", async () => {
    const topLevel = `    Source:
      type: string
      x-crmkit-open-enum: true
      enum: [Referral]
`;
    await expect(types(topLevel)).rejects.toThrow(/vocab\.yaml:\d+ at #\/components\/schemas\/Source\/enum: x-crmkit-open-enum with a top-level enum/);
    const noAnyString = `    Source:
      x-crmkit-open-enum: true
      anyOf:
        - enum: [Referral]
        - type: string
          pattern: "^[A-Z]"
`;
    await expect(types(noAnyString)).rejects.toThrow(/vocab\.yaml:\d+ at #\/components\/schemas\/Source: x-crmkit-open-enum schema must also admit any string/);
    const noValues = `    Source:
      x-crmkit-open-enum: true
      anyOf:
        - type: string
`;
    await expect(types(noValues)).rejects.toThrow(/#\/components\/schemas\/Source: x-crmkit-open-enum needs its known values/);
  });
});
