import { afterEach, describe, expect, it } from "vitest";
import { ClientCore, type ClientDefinition, type ClientOptions, type DateShapes, type OperationDefinition } from "../src/index.js";
import { parseDate, reviveDates } from "../src/dates.js";
import { json, startServer } from "./server.js";

/** `dates: true`: the fields an operation's shape names arrive as Date objects; nothing else changes. */

const definition: ClientDefinition = {
  name: "Dates",
  servers: [{ url: "https://api.dates.test" }],
  securitySchemes: {},
  security: [],
  envelope: { data: "response", meta: "meta" },
  pagination: { style: "page", pageParam: "page", sizeParam: "per_page", firstPage: 1, defaultSize: 2 },
};

/** Component shapes as a generated dates.gen.ts holds them: one of each kind, nesting and a recursive one. */
const shapes: DateShapes = {
  Contact: { created_at: "date-time", birthday: "date", updated: "unix-seconds", next_call: "date-time-12h", address: "#Address", visits: ["date"] },
  Address: { moved_in: "date" },
  Thread: { at: "date-time", replies: ["#Thread"] },
  Either: { "": "unix-seconds", "[]": "#Contact", "#": ["Contact"] },
};

const getContact: OperationDefinition = { method: "GET", path: "/contacts/{id}", dates: "#Contact" };
const listContacts: OperationDefinition = { method: "GET", path: "/contacts", paginate: { items: "contacts", totalItems: "total" }, dates: { contacts: ["#Contact"] } };
const getThread: OperationDefinition = { method: "GET", path: "/threads/{id}", dates: "#Thread" };
const getEither: OperationDefinition = { method: "GET", path: "/either", dates: { one: "#Either", many: "#Either", stamp: "#Either" } };
const getUndated: OperationDefinition = { method: "GET", path: "/contacts/{id}/raw" };

const contact = {
  id: 7,
  name: "Ada",
  created_at: "2018-05-16T11:52:09Z",
  birthday: "1815-12-10",
  updated: "1495669367",
  next_call: "2015-05-24 10:00 AM -0400",
  address: { city: "London", moved_in: "1835-07-01" },
  visits: ["2020-01-02", null, "", "not a date"],
  // Looks like a date, but the shape does not name it: left alone.
  note: "2018-05-16T11:52:09Z",
};

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(body: (url: string) => unknown, options: ClientOptions = {}) {
  const server = await startServer((req, res) => json(res, 200, body(req.url)));
  servers.push(server);
  let loads = 0;
  const core = new ClientCore(definition, { baseUrl: server.url, ...options }, async () => {
    loads++;
    return { default: shapes };
  });
  return { server, core, loads: () => loads };
}

const wrap = (response: unknown) => ({ response, meta: { status: "ok", generated: "1495669367" } });

describe("dates: true", () => {
  it("turns every kind of date the shape names into the right Date, through named shapes and nested arrays", async () => {
    const { core } = await setup(() => wrap(structuredClone(contact)), { dates: true });
    const got = (await core.request(getContact, { id: 7 })) as Record<string, any>;
    expect(got.created_at).toEqual(new Date(Date.UTC(2018, 4, 16, 11, 52, 9)));
    expect(got.birthday).toBeInstanceOf(Date);
    expect((got.birthday as Date).toISOString()).toBe("1815-12-10T00:00:00.000Z");
    expect(got.updated).toEqual(new Date(1495669367 * 1000));
    expect(got.next_call).toEqual(new Date("2015-05-24T14:00:00Z"));
    expect(got.address).toEqual({ city: "London", moved_in: new Date("1835-07-01T00:00:00Z") });
    expect(got.visits).toEqual([new Date("2020-01-02T00:00:00Z"), null, "", "not a date"]);
    expect(got.note).toBe("2018-05-16T11:52:09Z");
    expect(got.id).toBe(7);
    expect(got.name).toBe("Ada");
  });

  it("keeps null and empty strings as they are, never the 1970 epoch", async () => {
    const { core } = await setup(() => wrap({ created_at: null, birthday: "", updated: null, next_call: "", address: null, visits: null }), { dates: true });
    expect(await core.request(getContact, { id: 1 })).toEqual({ created_at: null, birthday: "", updated: null, next_call: "", address: null, visits: null });
  });

  it("leaves values that are not in their field's form untouched", async () => {
    const odd = { created_at: "2018-05-16", birthday: "2019-02-30", updated: "12.5", next_call: "2015-05-24 13:00 PM -0400", address: "10 Downing St", visits: "2020-01-02" };
    const { core } = await setup(() => wrap(structuredClone(odd)), { dates: true });
    expect(await core.request(getContact, { id: 1 })).toEqual(odd);
  });

  it("converts the payload only: the envelope's meta stays as sent, and withResponse's body holds the same converted objects", async () => {
    const { core } = await setup(() => wrap(structuredClone(contact)), { dates: true });
    const result = await core.request(getContact, { id: 7 }).withResponse();
    expect(result.meta).toEqual({ status: "ok", generated: "1495669367" });
    expect((result.body as { response: unknown }).response).toBe(result.data);
    expect((result.data as { created_at: unknown }).created_at).toBeInstanceOf(Date);
  });

  it("converts every item of every page of a list", async () => {
    const { core, server } = await setup((url) => {
      const p = Number(new URL(url, "http://x").searchParams.get("page") ?? 1);
      const at = (day: number) => ({ ...structuredClone(contact), id: day, created_at: `2021-03-0${day}T08:00:00+02:00` });
      return wrap({ total: 3, contacts: p === 1 ? [at(1), at(2)] : [at(3)] });
    }, { dates: true });
    const seen: Date[] = [];
    for await (const item of core.paginate<unknown, { created_at: Date; address: { moved_in: Date } }>(listContacts)) {
      seen.push(item.created_at);
      expect(item.address.moved_in).toBeInstanceOf(Date);
    }
    expect(seen.map((d) => d.toISOString())).toEqual(["2021-03-01T06:00:00.000Z", "2021-03-02T06:00:00.000Z", "2021-03-03T06:00:00.000Z"]);
    expect(server.requests).toHaveLength(2);
  });

  it("follows a recursive shape as deep as the data goes", async () => {
    const thread = (depth: number): unknown => ({ at: `2022-0${depth + 1}-01T00:00:00Z`, replies: depth < 4 ? [thread(depth + 1), thread(depth + 1)] : [] });
    const { core } = await setup(() => wrap(thread(0)), { dates: true });
    let node = (await core.request(getThread, { id: 1 })) as { at: Date; replies: any[] };
    for (let depth = 0; depth <= 4; depth++) {
      expect(node.at.toISOString()).toBe(`2022-0${depth + 1}-01T00:00:00.000Z`);
      if (depth < 4) node = node.replies[1];
    }
  });

  it("handles a value that may be a date, an array or an object", async () => {
    const { core } = await setup(() => wrap({ one: structuredClone(contact), many: [structuredClone(contact)], stamp: 1495669367 }), { dates: true });
    const got = (await core.request(getEither)) as { one: any; many: any[]; stamp: Date };
    expect(got.one.created_at).toBeInstanceOf(Date);
    expect(got.many[0].updated).toEqual(new Date(1495669367 * 1000));
    expect(got.stamp).toEqual(new Date(1495669367 * 1000));
  });

  it("a call's dates option overrides the client's, either way", async () => {
    const on = await setup(() => wrap(structuredClone(contact)), { dates: true });
    expect(((await on.core.request(getContact, { id: 1 }, { dates: false })) as typeof contact).created_at).toBe(contact.created_at);
    const off = await setup(() => wrap(structuredClone(contact)));
    expect(((await off.core.request(getContact, { id: 1 }, { dates: true })) as { created_at: unknown }).created_at).toBeInstanceOf(Date);
  });

  it("loads the component shapes once, on the first call that converts, and retries a failed load", async () => {
    const server = await startServer((req, res) => json(res, 200, wrap(structuredClone(contact))));
    servers.push(server);
    let attempts = 0;
    const core = new ClientCore(definition, { baseUrl: server.url, dates: true }, async () => {
      if (++attempts === 1) throw new Error("chunk failed to load");
      return { default: shapes };
    });
    await expect(core.request(getContact, { id: 1 })).rejects.toThrow("chunk failed to load");
    for (let i = 0; i < 3; i++) expect(((await core.request(getContact, { id: 1 })) as { created_at: unknown }).created_at).toBeInstanceOf(Date);
    expect(attempts).toBe(2);
  });
});

describe("dates off (the default)", () => {
  it("returns exactly what the server sent and never loads the shapes", async () => {
    const { core, loads } = await setup((url) => wrap(url.startsWith("/contacts?") ? { total: 1, contacts: [structuredClone(contact)] } : structuredClone(contact)));
    expect(await core.request(getContact, { id: 7 })).toEqual(contact);
    const items: unknown[] = [];
    for await (const item of core.paginate(listContacts)) items.push(item);
    expect(items).toEqual([contact]);
    expect(loads()).toBe(0);
  });

  it("operations without a shape and untyped calls are untouched even with dates on", async () => {
    const { core, loads } = await setup(() => wrap(structuredClone(contact)), { dates: true });
    expect(await core.request(getUndated, { id: 7 })).toEqual(contact);
    expect(await core.send({ method: "GET", path: "/contacts/7" })).toEqual(contact);
    expect(loads()).toBe(0);
  });
});

describe("reviveDates", () => {
  it("reads only the places the shape names", () => {
    const touched: string[] = [];
    const watched = (target: Record<string, unknown>, path: string): Record<string, unknown> =>
      new Proxy(target, {
        get(t, key, receiver) {
          if (typeof key === "string") touched.push(`${path}.${key}`);
          return Reflect.get(t, key, receiver);
        },
      });
    const payload = watched(
      {
        created_at: "2018-05-16T11:52:09Z",
        big: watched({ a: 1, b: [1, 2, 3] }, "big"),
        address: watched({ moved_in: "2001-01-01", street: "x" }, "address"),
        visits: [],
      },
      "",
    );
    reviveDates(payload, "#Contact", shapes);
    expect(touched.sort()).toEqual([".address", ".created_at", ".visits", "address.moved_in"]);
    expect(payload.created_at).toBeInstanceOf(Date);
  });
});

describe("parseDate", () => {
  const iso = (kind: string, value: unknown) => parseDate(kind, value)?.toISOString();

  it("reads RFC 3339 date-times with any offset, fractions and leap seconds, and refuses others", () => {
    expect(iso("date-time", "2018-05-16T11:52:09Z")).toBe("2018-05-16T11:52:09.000Z");
    expect(iso("date-time", "2018-05-16t11:52:09.12z")).toBe("2018-05-16T11:52:09.120Z");
    expect(iso("date-time", "2018-05-16T11:52:09.123456-05:30")).toBe("2018-05-16T17:22:09.123Z");
    expect(iso("date-time", "2016-12-31T23:59:60Z")).toBe("2016-12-31T23:59:59.000Z");
    expect(iso("date-time", "2018-05-16 11:52:09+00:00")).toBe("2018-05-16T11:52:09.000Z");
    for (const bad of ["2018-05-16T11:52:09", "2018-05-16", "2018-02-30T00:00:00Z", "2018-05-16T24:00:00Z", "2018-05-16T11:52:09+25:00", "1526471529", 1526471529, ""]) {
      expect(parseDate("date-time", bad), String(bad)).toBeUndefined();
    }
  });

  it("reads calendar dates as midnight UTC, leap days included", () => {
    expect(iso("date", "2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
    expect(iso("date", "0044-03-15")).toBe("0044-03-15T00:00:00.000Z");
    for (const bad of ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-1-1", "2024-01-01T00:00:00Z", ""]) expect(parseDate("date", bad), bad).toBeUndefined();
  });

  it("reads unix seconds as a number or a string of digits", () => {
    expect(iso("unix-seconds", 0)).toBe("1970-01-01T00:00:00.000Z");
    expect(iso("unix-seconds", "1495669367")).toBe("2017-05-24T23:42:47.000Z");
    expect(iso("unix-seconds", "-86400")).toBe("1969-12-31T00:00:00.000Z");
    for (const bad of [1.5, "1.5", "", " 1", "1e9", Number.NaN, 1e16, null, true]) expect(parseDate("unix-seconds", bad), String(bad)).toBeUndefined();
  });

  it("reads the 12-hour form with its offset: 12 AM is midnight, 12 PM is noon", () => {
    expect(iso("date-time-12h", "2015-05-24 10:00 AM -0400")).toBe("2015-05-24T14:00:00.000Z");
    expect(iso("date-time-12h", "2015-05-24 12:00 AM -0400")).toBe("2015-05-24T04:00:00.000Z");
    expect(iso("date-time-12h", "2015-05-24 12:30 PM +0000")).toBe("2015-05-24T12:30:00.000Z");
    expect(iso("date-time-12h", "2015-05-24 1:05 pm +0530")).toBe("2015-05-24T07:35:00.000Z");
    for (const bad of ["2015-05-24 13:00 PM -0400", "2015-05-24 0:00 AM -0400", "2015-05-24 10:00 -0400", "2015-05-24 10:00 AM -04:00", "2015-05-24T10:00:00Z", ""]) {
      expect(parseDate("date-time-12h", bad), bad).toBeUndefined();
    }
  });

  it("tries several forms in order, and knows no others", () => {
    expect(iso("unix-seconds|date-time", "2018-05-16T11:52:09Z")).toBe("2018-05-16T11:52:09.000Z");
    expect(iso("unix-seconds|date-time", "1495669367")).toBe("2017-05-24T23:42:47.000Z");
    expect(parseDate("no-such-form", "2018-05-16")).toBeUndefined();
  });
});
