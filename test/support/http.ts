import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = IncomingMessage & { body: string };

const open: Array<() => Promise<void>> = [];

/** A node:http server on 127.0.0.1 that records requests (headers and body) and answers by script. */
export async function serve(handler: (req: RecordedRequest, res: ServerResponse, index: number) => void) {
  const seen: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const r = Object.assign(req, { body });
      seen.push(r);
      handler(r, res, seen.length - 1);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  open.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Closes every server `serve` started; call it from `afterEach`. */
export async function closeServers(): Promise<void> {
  await Promise.all(open.splice(0).map((close) => close()));
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
