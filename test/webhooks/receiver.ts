import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A node:http server on 127.0.0.1 whose handler each test writes; `close` ends it and its connections. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>) {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A webhook receiver on node:http as a user would write one: `receive` turns the request into an event
 * (`fromNodeRequest`, then `parseWebhook`); a delivery that fails verification is answered 401 and its
 * reason kept in `refused`, an accepted one is answered 200 and kept in `received`.
 */
export async function listenForDeliveries<Event>(
  receive: (req: IncomingMessage) => Promise<Event>,
  isVerificationError: (error: unknown) => error is Error & { reason: string },
) {
  const received: Event[] = [];
  const refused: string[] = [];
  const server = await listen(async (req, res) => {
    const event = await receive(req).catch((error: unknown) => {
      if (!isVerificationError(error)) throw error;
      refused.push(error.reason);
      res.writeHead(401).end(error.message);
    });
    if (event === undefined) return;
    received.push(event);
    res.writeHead(200).end();
  });
  return { ...server, received, refused };
}

/** The test's stand-in for the vendor's dispatcher: one POST per delivery, the answer's status back. */
export async function deliver(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}
