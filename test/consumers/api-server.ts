import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** The token every consumer sends; anything else gets Wealthbox's 401. */
export const CONSUMER_TOKEN = "consumer-token";

const contacts = [
  { id: 1, first_name: "Ada", last_name: "Lovelace" },
  { id: 2, first_name: "Grace", last_name: "Hopper" },
  { id: 3, first_name: "Edsger", last_name: "Dijkstra" },
];

export interface LocalServers {
  /** The stand-in for https://api.crmworkspace.com. */
  apiUrl: string;
  /** A second origin that serves the browser consumer, so its calls to the API are cross-origin. */
  pageUrl: string;
  /** Static files for the page origin, by path. */
  pages: Map<string, { type: string; body: string }>;
  close(): Promise<void>;
}

/**
 * A tiny Wealthbox stand-in on 127.0.0.1: `GET /v1/contacts/{id}` (404 for unknown ids) and
 * `GET /v1/contacts?page=&per_page=` over three contacts. It answers CORS preflights, as a browser
 * consumer needs.
 */
export async function startServers(): Promise<LocalServers> {
  const pages = new Map<string, { type: string; body: string }>();
  const api = createServer(handleApi);
  const page = createServer((req, res) => {
    const file = pages.get(new URL(req.url ?? "/", "http://x").pathname);
    if (!file) return send(res, 404, { error: "no such page" });
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  const apiUrl = await listen(api);
  const pageUrl = await listen(page);
  return {
    apiUrl,
    pageUrl,
    pages,
    close: async () => {
      await Promise.all([api, page].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

function handleApi(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("access-control-allow-origin", "*");
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      "access-control-allow-methods": "GET, POST, PUT, DELETE",
      "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
      "access-control-max-age": "600",
    });
    res.end();
    return;
  }
  if (req.headers["access_token"] !== CONSUMER_TOKEN) return send(res, 401, { error: "Invalid ACCESS_TOKEN" });
  const url = new URL(req.url ?? "/", "http://x");
  const one = /^\/v1\/contacts\/(\d+)$/.exec(url.pathname);
  if (req.method === "GET" && one) {
    const contact = contacts.find((c) => c.id === Number(one[1]));
    return contact ? send(res, 200, contact) : send(res, 404, { error: "Record not found" });
  }
  if (req.method === "GET" && url.pathname === "/v1/contacts") {
    // Wealthbox's defaults: the first page, 25 per page.
    const page = Number(url.searchParams.get("page") ?? 1);
    const perPage = Number(url.searchParams.get("per_page") ?? 25);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) {
      return send(res, 400, { error: "page and per_page must be positive integers" });
    }
    const slice = contacts.slice((page - 1) * perPage, page * perPage);
    return send(res, 200, { contacts: slice, meta: { total_count: contacts.length, total_pages: Math.ceil(contacts.length / perPage) } });
  }
  send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
  });
}
