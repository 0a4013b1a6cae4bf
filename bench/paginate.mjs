// paginate: iterate 100,000 items from a loopback server through a crmkit list method
// (`for await (const contact of client.contacts.list({ per_page: 100 }))`), against a hand-written
// fetch loop over the same pages. RSS growth is measured in fresh processes (paginate-memory.mjs).
import { join } from "node:path";
import { createWealthboxClient } from "@crmkit/wealthbox";
import createClient from "openapi-fetch";
import { BENCH_DIR, log, median, round, run } from "./lib.mjs";
import { ITEMS, PER_PAGE, TOKEN, setUp, verify } from "./paginate-passes.mjs";

const ROUNDS = 5; // measured passes
const ANALYSIS_ROUNDS = 3;
const collect = globalThis.gc ?? (() => {});

async function memoryOf(which) {
  const { stdout } = await run(process.execPath, ["--expose-gc", join(BENCH_DIR, "paginate-memory.mjs"), which], { cwd: BENCH_DIR });
  return JSON.parse(stdout.trim().split("\n").pop());
}
const memory = { crmkit: await memoryOf("crmkit"), loop: await memoryOf("loop") };
log(`paginate: RSS growth crmkit ${memory.crmkit.rssGrowthMb} MB, hand loop ${memory.loop.rssGrowthMb} MB`);

const { baseUrl, client, stop } = await setUp();
const pageUrl = (page) => `${baseUrl}/v1/contacts?page=${page}&per_page=${PER_PAGE}`;

/**
 * A way of walking the list, one page per `step()`, touching every item (summing the ids) so that none
 * can skip work another does. `step()` resolves true once the walk is over.
 */
const walkers = {
  // what a caller would write without crmkit: fetch page after page until a short page
  "hand loop": (fetchImpl = globalThis.fetch) => {
    let page = 1;
    return async (tally) => {
      const response = await fetchImpl(pageUrl(page++), { headers: { ACCESS_TOKEN: TOKEN } });
      if (!response.ok) throw new Error(`hand loop: HTTP ${response.status}`);
      const { contacts } = await response.json();
      for (const contact of contacts) tally(contact);
      return contacts.length < PER_PAGE;
    };
  },
  // the measured use: `for await` over items, pulled a page's worth at a time
  "crmkit items": (fetchImpl) => {
    const walked = fetchImpl ? createWealthboxClient({ accessToken: TOKEN, baseUrl, maxRetries: 0, fetch: fetchImpl }) : client;
    const items = walked.contacts.list({ per_page: PER_PAGE })[Symbol.asyncIterator]();
    return async (tally) => {
      for (let i = 0; i < PER_PAGE; i++) {
        const { value, done } = await items.next();
        if (done) return true;
        tally(value);
      }
      return false;
    };
  },
  // analysis: the same pages through openapi-fetch, no timeout
  "openapi-fetch loop": (fetchImpl = globalThis.fetch) => {
    const raw = createClient({ baseUrl, fetch: fetchImpl, headers: { ACCESS_TOKEN: TOKEN } });
    let page = 1;
    return async (tally) => {
      const { data } = await raw.GET("/v1/contacts", { params: { query: { page: page++, per_page: PER_PAGE } } });
      for (const contact of data.contacts) tally(contact);
      return data.contacts.length < PER_PAGE;
    };
  },
  // analysis: crmkit's pagination consumed a page at a time, without an await per item
  "crmkit pages()": (fetchImpl) => {
    const walked = createWealthboxClient({ accessToken: TOKEN, baseUrl, maxRetries: 0, fetch: fetchImpl });
    const pages = walked.contacts.list({ per_page: PER_PAGE }).pages();
    return async (tally) => {
      const { value, done } = await pages.next();
      if (!done) for (const contact of value.items) tally(contact);
      return done;
    };
  },
};

/**
 * For the analysis: the server's pages served from memory by a fetch stand-in, so that only client-side
 * work is left and each layer's CPU cost per item can be told apart without network noise.
 */
const pageBodies = [];
for (let page = 1; ; page++) {
  const body = await (await globalThis.fetch(pageUrl(page), { headers: { ACCESS_TOKEN: TOKEN } })).arrayBuffer();
  pageBodies.push(new Uint8Array(body));
  if (JSON.parse(new TextDecoder().decode(body)).contacts.length < PER_PAGE) break;
}
const inMemoryFetch = async (input) => {
  const url = new URL(typeof input === "string" ? input : input.url);
  // crmkit asks for the first page without a page parameter, as the server defaults it to 1
  const body = pageBodies[Number(url.searchParams.get("page") ?? 1) - 1] ?? pageBodies.at(-1);
  return new Response(body, { status: 200, headers: { "content-type": "application/json", "content-length": String(body.length) } });
};

/**
 * One pass: every walker covers all 100,000 items, in lock-step one page at a time, each walker's steps
 * timed on their own (wall and client CPU). Load from elsewhere on the machine then reaches all alike.
 */
async function lockStepPass(names, fetchImpl) {
  const sides = names.map((name) => ({ name, step: walkers[name](fetchImpl), count: 0, idSum: 0, ms: 0, cpuUs: 0, done: false }));
  collect();
  for (let cycle = 0; sides.some((s) => !s.done); cycle++) {
    // Each cycle starts with the next walker, so no walker always follows the same one.
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(cycle + k) % sides.length];
      if (side.done) continue;
      const tally = (contact) => (side.count++, (side.idSum += contact.id));
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      side.done = await side.step(tally);
      side.ms += performance.now() - started;
      const cpuUsed = process.cpuUsage(cpuBefore);
      side.cpuUs += cpuUsed.user + cpuUsed.system;
    }
  }
  const result = {};
  for (const side of sides) {
    verify(side.name, side);
    result[side.name] = { itemsPerS: ITEMS / (side.ms / 1000), cpuUsPerItem: side.cpuUs / ITEMS };
  }
  return result;
}

const runs = { crmkit: [], loop: [] };
const analysisRuns = {};
try {
  await lockStepPass(["crmkit items", "hand loop"]); // warm-up: code paths and the server's page cache
  for (let r = 0; r < ROUNDS; r++) {
    const pass = await lockStepPass(["crmkit items", "hand loop"]);
    runs.crmkit.push(pass["crmkit items"]);
    runs.loop.push(pass["hand loop"]);
    log(`paginate pass ${r + 1}/${ROUNDS}: crmkit ${Math.round(runs.crmkit.at(-1).itemsPerS)} items/s, hand loop ${Math.round(runs.loop.at(-1).itemsPerS)} items/s`);
  }
  for (let r = 0; r < ANALYSIS_ROUNDS; r++) {
    const pass = await lockStepPass(Object.keys(walkers), inMemoryFetch);
    for (const [name, outcome] of Object.entries(pass)) (analysisRuns[name] ??= []).push(outcome);
    log(`paginate: analysis pass ${r + 1}/${ANALYSIS_ROUNDS}`);
  }
} finally {
  await stop();
}

const rate = (list) => Math.round(median(list.map((r) => r.itemsPerS)));
const cpu = (list) => round(median(list.map((r) => r.cpuUsPerItem)), 2);
console.log(
  JSON.stringify({
    result: {
      items: ITEMS,
      crmkit_items_per_s: rate(runs.crmkit),
      loop_items_per_s: rate(runs.loop),
      crmkit_rss_growth_mb: memory.crmkit.rssGrowthMb,
    },
    details: {
      vendor: "wealthbox",
      method: "contacts.list",
      perPage: PER_PAGE,
      pages: ITEMS / PER_PAGE + 1,
      rounds: ROUNDS,
      memory,
      crmkitRates: runs.crmkit.map((r) => Math.round(r.itemsPerS)),
      loopRates: runs.loop.map((r) => Math.round(r.itemsPerS)),
      // Client CPU per item (the server runs in another process): steadier than wall time on a busy machine.
      crmkitCpuUsPerItem: cpu(runs.crmkit),
      loopCpuUsPerItem: cpu(runs.loop),
      inMemory: Object.fromEntries(Object.entries(analysisRuns).map(([name, list]) => [name, { cpuUsPerItem: cpu(list), itemsPerS: rate(list) }])),
    },
  }),
);
