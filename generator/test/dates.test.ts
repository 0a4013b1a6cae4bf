import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { SpecError } from "../src/errors.js";
import { generateSources } from "../src/generate.js";
import { loadDocument } from "../src/load.js";
import { buildModel } from "../src/model.js";

/** A small API whose responses hold dates in every way a spec can put them. */
function spec(change: (doc: any) => void = () => undefined) {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const ok = (schema: unknown) => ({ "200": { description: "OK", content: { "application/json": { schema } } } });
  const doc: any = {
    openapi: "3.1.0",
    info: { title: "Diary API", version: "1" },
    servers: [{ url: "https://diary.test" }],
    "x-crmkit-client": { name: "Diary" },
    "x-crmkit-envelope": { data: "data" },
    paths: {
      "/entries": {
        get: {
          operationId: "listEntries",
          summary: "List entries",
          tags: ["entries"],
          parameters: [{ name: "page", in: "query", schema: { type: "integer" } }],
          "x-crmkit-pagination": { style: "page", pageParam: "page", items: "entries" },
          responses: ok({
            allOf: [ref("Envelope"), { type: "object", properties: { data: { type: "object", properties: { entries: { type: "array", items: ref("Entry") } } } } }],
          }),
        },
      },
      "/entries/{id}": {
        get: {
          operationId: "getEntry",
          summary: "Get an entry",
          tags: ["entries"],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: ok({ type: "object", properties: { data: ref("Entry") } }),
        },
        delete: {
          operationId: "deleteEntry",
          summary: "Delete an entry",
          tags: ["entries"],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: ok({ type: "object", properties: { data: { type: "object", properties: { ok: { type: "boolean" } } } } }),
        },
      },
      "/threads/{id}": {
        get: {
          operationId: "getThread",
          summary: "Get a thread",
          tags: ["threads"],
          "x-crmkit-envelope": false,
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: ok(ref("Thread")),
        },
      },
    },
    components: {
      schemas: {
        Envelope: { type: "object", properties: { server_time: ref("Stamp") } },
        Stamp: { type: ["string", "integer"], pattern: "^[0-9]+$", "x-crmkit-date": "unix-seconds" },
        Clock: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2} \\d{1,2}:\\d{2} (AM|PM) [+-]\\d{4}$", "x-crmkit-date": "date-time-12h" },
        UnsetClock: { anyOf: [ref("Clock"), { type: "string", const: "" }] },
        Entry: {
          type: "object",
          properties: {
            id: { type: "string" },
            created: { type: "string", format: "date-time" },
            day: { type: ["string", "null"], format: "date" },
            stamp: ref("Stamp"),
            at: ref("UnsetClock"),
            due: { anyOf: [{ type: "string", format: "date-time" }, { type: "string" }] },
            seen: { type: "array", items: { type: "array", items: { type: "string", format: "date" } } },
            raw: { type: "string", format: "date-time", "x-crmkit-date": false },
            overridden: { $ref: "#/components/schemas/Stamp", "x-crmkit-date": false },
            tags: { type: "array", items: { type: "string" } },
            author: { oneOf: [{ type: "string" }, ref("Person")] },
          },
        },
        Person: { allOf: [{ type: "object", properties: { name: { type: "string" } } }, { type: "object", properties: { born: { type: "string", format: "date" } } }] },
        Thread: { type: "object", properties: { at: { type: "string", format: "date-time" }, replies: { type: "array", items: ref("Thread") } } },
        Plain: { type: "object", properties: { name: { type: "string" } } },
      },
    },
  };
  change(doc);
  return stringify(doc);
}

const model = (text = spec()) => buildModel(loadDocument("specs/diary.yaml", text));
const op = (m: ReturnType<typeof model>, id: string) => m.operations.find((o) => o.operationId === id)!;

describe("date shapes", () => {
  it("finds every date of a component, through refs, unions, nested arrays and allOf, and leaves out what is no date", () => {
    const entry = model().dateComponents.get("Entry");
    expect(entry).toEqual({
      properties: {
        created: { kinds: ["date-time"] },
        day: { kinds: ["date"] },
        stamp: { kinds: ["unix-seconds"] },
        at: { kinds: ["date-time-12h"], empty: true },
        due: { kinds: ["date-time"], text: true },
        seen: { items: { items: { kinds: ["date"] } } },
        author: { refs: ["Person"] },
      },
    });
    expect(model().dateComponents.get("Person")).toEqual({ properties: { born: { kinds: ["date"] } } });
    expect(model().dateComponents.has("Plain")).toBe(false);
  });

  it("keeps a recursive schema by name, so its shape is finite", () => {
    expect(model().dateComponents.get("Thread")).toEqual({ properties: { at: { kinds: ["date-time"] }, replies: { items: { refs: ["Thread"] } } } });
    expect(op(model(), "getThread").dates).toEqual({ refs: ["Thread"] });
  });

  it("gives each operation the shape of its payload, inside the envelope", () => {
    const m = model();
    expect(op(m, "getEntry").dates).toEqual({ refs: ["Entry"] });
    // The envelope's own server_time is not part of the payload.
    expect(op(m, "listEntries").dates).toEqual({ properties: { entries: { items: { refs: ["Entry"] } } } });
    expect(op(m, "deleteEntry").dates).toBeUndefined();
  });

  it("names the place of an x-crmkit-date it does not know", () => {
    let error: unknown;
    try {
      model(spec((d) => (d.components.schemas.Entry.properties.created["x-crmkit-date"] = "iso")));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).pointer).toBe("/components/schemas/Entry/properties/created/x-crmkit-date");
    expect((error as SpecError).message).toMatch(/x-crmkit-date must be one of date-time, date, unix-seconds, date-time-12h, or false \(got "iso"\)/);
  });

  it("refuses a date under a key the runtime's maps reserve", () => {
    expect(() => model(spec((d) => (d.components.schemas.Entry.properties["[]"] = { type: "string", format: "date" })))).toThrow(/property named "\[\]" cannot be mapped/);
  });
});

describe("generated code for dates", () => {
  it("puts each operation's shape in its row and the components' in one lazily loaded module", async () => {
    const { files } = await generateSources("specs/diary.yaml", "diary", spec());
    const rows = files.get("ops/entries.gen.ts")!;
    expect(rows).toContain('list: ["GET /entries", { paginate: { items: "entries" }, dates: { entries: ["#Entry"] } }],');
    expect(rows).toContain('get: ["GET /entries/{id}", { dates: "#Entry" }],');
    expect(rows).toContain('delete: ["DELETE /entries/{id}"],');
    const shapes = files.get("dates.gen.ts")!;
    expect(shapes).toContain('"Entry": { created: "date-time", day: "date", stamp: "unix-seconds", at: "date-time-12h", due: "date-time", seen: [["date"]], author: "#Person" },');
    expect(shapes).toContain('"Thread": { at: "date-time", replies: ["#Thread"] },');
    // Only components the operations reach: Stamp, Clock and UnsetClock are written in place.
    expect(shapes).not.toContain('"Stamp"');
    expect(files.get("operations.gen.ts")!).toContain('export const dateShapes: DateShapesLoader = () => import("./dates.gen.js");');
  });

  it("types payloads, items and schemas with a Dates parameter, and the client and methods with the option", async () => {
    const { files } = await generateSources("specs/diary.yaml", "diary", spec());
    const maps = files.get("date-types.gen.ts")!;
    expect(maps).toContain('"at": DateLeaf<Date | "">;');
    expect(maps).toContain('"due": DateLeaf<Date | string>;');
    expect(maps).toContain('"stamp": DateLeaf<Date, Date>;');
    expect(maps).toContain('"seen": readonly [readonly [DateLeaf<Date>]];');
    expect(maps).toContain('"replies": readonly [DateMaps["Thread"]]');
    const types = files.get("method-types.gen.ts")!;
    expect(types).toContain('export type GetEntryResponse<Dates extends boolean = false> = Dated<NonNullable<operations["getEntry"]["responses"][200]["content"]["application/json"]["data"]>, DateMaps["Entry"], Dates>;');
    expect(types).toContain('export type ListEntriesItem<Dates extends boolean = false> = Extract<NonNullable<ListEntriesResponse<Dates>["entries"]>, readonly unknown[]>[number];');
    expect(types).toContain('export type DeleteEntryResponse = NonNullable<operations["deleteEntry"]');
    expect(files.get("schemas.gen.ts")!).toContain('export type Entry<Dates extends boolean = false> = Dated<components["schemas"]["Entry"], DateMaps["Entry"], Dates>;');
    expect(files.get("schemas.gen.ts")!).toContain('export type Plain = components["schemas"]["Plain"];');
    const client = files.get("client.gen.ts")!;
    expect(client).toContain("export interface DiaryClient<Dates extends boolean = false> {");
    expect(client).toContain("readonly entries: EntriesResource<Dates>;");
    expect(client).toContain("export class DiaryClient<Dates extends boolean = false> extends CrmClient<paths> {");
    expect(client).toContain("super(definition, resources, args[0], dateShapes);");
    expect(client).toContain("export function createDiaryClient<Dates extends boolean = false>(...args: OptionsArgument<DiaryClientOptions & { dates?: Dates }>): DiaryClient<Dates> {");
    expect(client).toContain(
      "get<CallDates extends boolean | undefined = undefined>(params: GetEntryParams, options?: RequestOptions & { dates?: CallDates }): ApiPromise<GetEntryResponse<DatesFor<Dates, CallDates>>>;",
    );
    expect(client).toContain("delete(params: DeleteEntryParams, options?: RequestOptions): ApiPromise<DeleteEntryResponse>;");
  });

  it("changes nothing for a spec without dates", async () => {
    const { files } = await generateSources("specs/diary.yaml", "diary", spec((d) => {
      for (const s of Object.values<any>(d.components.schemas)) delete s["x-crmkit-date"];
      d.components.schemas.Entry.properties = { id: { type: "string" } };
      d.components.schemas.Person = { type: "object" };
      d.components.schemas.Thread.properties.at = { type: "string" };
    }));
    expect(files.has("dates.gen.ts")).toBe(false);
    expect(files.has("date-types.gen.ts")).toBe(false);
    for (const [name, content] of files) expect(content, name).not.toMatch(/Dates|DateLeaf|dateShapes/);
  });
});
