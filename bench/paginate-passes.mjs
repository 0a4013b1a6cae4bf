// The server, the client and the two whole-list walks used by paginate-memory.mjs (and the check paginate.mjs shares).
import { createWealthboxClient } from "@crmkit/wealthbox";
import { startServer } from "./lib.mjs";

export const ITEMS = 100_000;
export const PER_PAGE = 100;
export const TOKEN = "bench-token";

export async function setUp() {
  const { baseUrl, stop } = await startServer({ BENCH_TOTAL_ITEMS: String(ITEMS) });
  const client = createWealthboxClient({ accessToken: TOKEN, baseUrl, maxRetries: 0, fetch: globalThis.fetch });
  return { baseUrl, client, stop };
}

// Both sides touch each item (its id) so neither can skip work the other does.
export async function crmkitPass(client, maxItems, onProgress) {
  let count = 0;
  let idSum = 0;
  for await (const contact of client.contacts.list({ per_page: PER_PAGE }, { maxItems })) {
    count++;
    idSum += contact.id;
    if (onProgress && count % 1000 === 0) onProgress();
  }
  return { count, idSum };
}

// What a caller would write without crmkit: fetch page after page until a short page.
export async function handLoopPass(baseUrl, maxItems = Infinity, onProgress) {
  let count = 0;
  let idSum = 0;
  for (let page = 1; count < maxItems; page++) {
    const response = await globalThis.fetch(`${baseUrl}/v1/contacts?page=${page}&per_page=${PER_PAGE}`, { headers: { ACCESS_TOKEN: TOKEN } });
    if (!response.ok) throw new Error(`hand loop: HTTP ${response.status}`);
    const { contacts } = await response.json();
    for (const contact of contacts) {
      if (count >= maxItems) break;
      count++;
      idSum += contact.id;
      if (onProgress && count % 1000 === 0) onProgress();
    }
    if (contacts.length < PER_PAGE) break;
  }
  return { count, idSum };
}

const expectedIdSum = (ITEMS * (ITEMS + 1)) / 2;
export function verify(name, { count, idSum }) {
  if (count !== ITEMS || idSum !== expectedIdSum) throw new Error(`${name} saw ${count} items (id sum ${idSum}); expected ${ITEMS} (${expectedIdSum})`);
}
