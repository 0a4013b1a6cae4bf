// overhead: microseconds per request to a loopback server for one GET of the same JSON body, through
// a crmkit method, raw openapi-fetch and plain fetch. All share the global fetch (undici, keep-alive).
// Variants take turns in blocks so that drift (JIT, GC, CPU frequency, other work) reaches all alike.
import { createWealthboxClient } from "@crmkit/wealthbox";
import createClient from "openapi-fetch";
import { log, median, percentile, round, startServer } from "./lib.mjs";

const BLOCK = 100;
const WARMUP_ROUNDS = 10;
const ROUNDS = 110; // 11,000 measured requests per variant
const TOKEN = "bench-token";

const { baseUrl, stop } = await startServer();
const fetchImpl = globalThis.fetch;
const crmkit = createWealthboxClient({ accessToken: TOKEN, baseUrl, maxRetries: 0, fetch: fetchImpl });
const openapiFetch = createClient({ baseUrl, fetch: fetchImpl, headers: { ACCESS_TOKEN: TOKEN } });

// For the analysis only: where crmkit's extra time goes. `crmkit raw` is crmkit's transport (auth, timeout,
// retry bookkeeping) under openapi-fetch's by-path call without the method layer; `openapi-fetch+timeout`
// adds to plain openapi-fetch just what a per-attempt timeout costs (an AbortController, its signal, a timer).
const withTimeout = async (request) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000);
  try {
    return await fetchImpl(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
};
const openapiFetchWithTimeout = createClient({ baseUrl, fetch: withTimeout, headers: { ACCESS_TOKEN: TOKEN } });
const byPath = (client, name) => async (id) => {
  const { data, error } = await client.GET("/v1/contacts/{id}", { params: { path: { id } } });
  if (error) throw new Error(`${name}: ${JSON.stringify(error)}`);
  return data;
};

const variants = {
  crmkit: (id) => crmkit.contacts.get({ id }),
  "openapi-fetch": byPath(openapiFetch, "openapi-fetch"),
  fetch: async (id) => {
    const response = await fetchImpl(`${baseUrl}/v1/contacts/${id}`, { headers: { ACCESS_TOKEN: TOKEN } });
    if (!response.ok) throw new Error(`fetch: HTTP ${response.status}`);
    return response.json();
  },
  "crmkit raw": byPath(crmkit.raw, "crmkit raw"),
  "openapi-fetch+timeout": byPath(openapiFetchWithTimeout, "openapi-fetch+timeout"),
};

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
try {
  // Every variant must get the real contact back, or it measures something else.
  for (const [name, call] of Object.entries(variants)) {
    const contact = await call(1);
    if (contact?.id !== 1 || typeof contact.first_name !== "string") throw new Error(`${name} returned ${JSON.stringify(contact).slice(0, 200)}`);
  }
  const names = Object.keys(variants);
  for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
    // Rotate which variant goes first in each round.
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      const call = variants[name];
      for (let i = 0; i < BLOCK; i++) {
        const started = performance.now();
        await call(i + 1);
        const elapsedUs = (performance.now() - started) * 1000;
        if (r >= WARMUP_ROUNDS) samples[name].push(elapsedUs);
      }
    }
    if ((r + 1) % 30 === 0) log(`overhead: round ${r + 1}/${WARMUP_ROUNDS + ROUNDS}`);
  }
} finally {
  await stop();
}

const stats = (list) => ({
  requests: list.length,
  medianUs: round(median(list), 1),
  p10Us: round(percentile(list, 10), 1),
  p90Us: round(percentile(list, 90), 1),
  meanUs: round(list.reduce((a, b) => a + b, 0) / list.length, 1),
});
const details = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, stats(list)]));
console.log(
  JSON.stringify({
    result: { crmkit_us: details.crmkit.medianUs, openapi_fetch_us: details["openapi-fetch"].medianUs, fetch_us: details.fetch.medianUs },
    details: { vendor: "wealthbox", method: "contacts.get", ...details },
  }),
);
