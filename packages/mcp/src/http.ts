import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ClientSource } from "./call.js";
import { resolveCredentials } from "./credentials.js";
import { clientOptionsFor, createMcpServer, environmentClient, resolveSettings, type McpPackage, type ServerSettings } from "./server.js";

export interface HttpSettings extends ServerSettings {
  /** Default 127.0.0.1: only this machine can connect. */
  host?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Where the MCP endpoint is (default `/mcp`). */
  path?: string;
  /** Where the server reports what it does; never given a credential. */
  log?: (line: string) => void;
}

export interface RunningHttpServer {
  /** The endpoint's URL, e.g. `http://127.0.0.1:3000/mcp`. */
  url: string;
  close(): Promise<void>;
}

/** Addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

/**
 * Serves the MCP server over Streamable HTTP, stateless: each POST gets a fresh server and transport,
 * so requests share nothing but the environment's client. A request's `Authorization` header may
 * carry the vendor credential (a bearer token, or Basic credentials where the vendor uses them); it
 * is used for that request only and never logged. On a loopback address, requests whose Host or
 * Origin is not local are refused (DNS rebinding).
 */
export async function serveHttp(pkg: McpPackage, settings: HttpSettings = {}): Promise<RunningHttpServer> {
  resolveSettings(pkg, settings); // bad --tools or limits fail here, before listening
  // Loaded here, not at the top: its HTTP stack costs a stdio server start-up time for nothing.
  const { localhostHostValidation, localhostOriginValidation, NodeStreamableHTTPServerTransport } = await import("@modelcontextprotocol/node");
  const host = settings.host ?? "127.0.0.1";
  const path = settings.path ?? "/mcp";
  const log = settings.log ?? (() => {});
  const shared = environmentClient(pkg, settings);
  const env = settings.env ?? process.env;
  const local = isLoopback(host);
  const checkHost = localhostHostValidation();
  const checkOrigin = localhostOriginValidation();

  const clientFor = (authorization: string | undefined): ClientSource => {
    if (!authorization) return shared;
    let built: ReturnType<ClientSource> | undefined;
    return () => {
      if (!built) {
        const { options, secrets } = resolveCredentials(pkg.vendor, env, authorization);
        const token = authorization.replace(/^\s*\w+\s+/, "").trim();
        built = { client: pkg.createClient(clientOptionsFor(settings, options)), secrets: [...secrets, token] };
      }
      return built;
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== path) return answer(res, 404, `not found: the MCP endpoint is ${path}`);
    if (local && (!checkHost(req, res) || !checkOrigin(req, res))) return;
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return answer(res, 405, "this server is stateless: send every message as a POST");
    }
    const server = createMcpServer(pkg, settings, clientFor(req.headers.authorization));
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (error) {
      log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) answer(res, 500, "internal error");
    }
  };

  const http: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(settings.port ?? 3000, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  const shownHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

/** A JSON-RPC error body without an id, as the transport itself answers. */
function answer(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}
