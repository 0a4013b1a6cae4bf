// The loopback server for overhead and paginate, run in its own process (fork) so that its work is not
// counted against the client being measured. It tells the parent its port over IPC.
//   GET /v1/contacts/{id}                 → Wealthbox's example contact (the same bytes every time)
//   GET /v1/contacts?page=N&per_page=M   → page N of TOTAL_ITEMS compact contacts, Wealthbox's list shape
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { SPECS_DIR } from "./lib.mjs";

const TOTAL_ITEMS = Number(process.env.BENCH_TOTAL_ITEMS ?? 100_000);
const spec = JSON.parse(readFileSync(join(SPECS_DIR, "wealthbox.json"), "utf8"));
const contactBody = Buffer.from(JSON.stringify(spec.components.examples.Contact.value));

const item = (id) => ({
  id,
  first_name: "Kevin",
  last_name: `Anderson ${id}`,
  type: "Person",
  contact_type: "Client",
  created_at: "2015-05-24 10:00 AM -0400",
  updated_at: "2015-10-12 11:30 PM -0400",
  email_addresses: [{ id, address: `kevin.${id}@example.com`, principal: true, kind: "Work" }],
});
// Pages are built once and then served from memory, so both clients see the same server cost.
const pages = new Map();
function pageBody(page, perPage) {
  const key = `${page}/${perPage}`;
  let body = pages.get(key);
  if (!body) {
    const start = (page - 1) * perPage;
    const contacts = [];
    for (let id = start + 1; id <= Math.min(start + perPage, TOTAL_ITEMS); id++) contacts.push(item(id));
    body = Buffer.from(JSON.stringify({ contacts }));
    pages.set(key, body);
  }
  return body;
}

const server = createServer((request, response) => {
  const url = new URL(request.url, "http://127.0.0.1");
  let body;
  if (url.pathname === "/v1/contacts") {
    const page = Number(url.searchParams.get("page") ?? 1);
    const perPage = Number(url.searchParams.get("per_page") ?? 25);
    if (!(page >= 1 && perPage >= 1 && perPage <= 100)) {
      response.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad page or per_page"}');
      return;
    }
    body = pageBody(page, perPage);
  } else if (/^\/v1\/contacts\/\d+$/.test(url.pathname)) {
    body = contactBody;
  } else {
    response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    return;
  }
  response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
// The parent closing the IPC channel (normally or by dying) ends the server.
process.on("disconnect", () => server.close(() => process.exit(0)).closeAllConnections());
