// RSS growth of one whole 100,000-item pass, in a fresh process (run with --expose-gc): paginate.mjs runs
// it once for crmkit's list method and once for the hand loop, so the two start from the same state.
//   node --expose-gc paginate-memory.mjs crmkit|loop
import { ITEMS, PER_PAGE, crmkitPass, handLoopPass, setUp, verify } from "./paginate-passes.mjs";
import { round } from "./lib.mjs";

const which = process.argv[2];
if (which !== "crmkit" && which !== "loop") throw new Error("usage: paginate-memory.mjs crmkit|loop");
if (!globalThis.gc) throw new Error("paginate-memory.mjs needs node --expose-gc");

const { client, baseUrl, stop } = await setUp();
const pass = (maxItems, onProgress) => (which === "crmkit" ? crmkitPass(client, maxItems, onProgress) : handLoopPass(baseUrl, maxItems, onProgress));
const mb = (bytes) => bytes / 1024 / 1024;
let memory;
try {
  await pass(20 * PER_PAGE); // warm the code path and the server's page cache
  globalThis.gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  verify(which, await pass(undefined, () => (peakRss = Math.max(peakRss, process.memoryUsage.rss()))));
  globalThis.gc();
  const after = process.memoryUsage();
  memory = {
    rssBeforeMb: round(mb(before.rss), 1),
    rssAfterMb: round(mb(after.rss), 1),
    rssGrowthMb: round(mb(after.rss - before.rss), 1),
    peakRssGrowthMb: round(mb(peakRss - before.rss), 1),
    // What the heap still holds after a collection, as opposed to what the process keeps reserved.
    heapUsedGrowthMb: round(mb(after.heapUsed - before.heapUsed), 1),
    heapTotalGrowthMb: round(mb(after.heapTotal - before.heapTotal), 1),
  };
} finally {
  await stop();
}
console.log(JSON.stringify({ items: ITEMS, ...memory }));
