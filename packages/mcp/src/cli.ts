import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { resolveCredentials, type Environment } from "./credentials.js";
import { isLoopback, serveHttp } from "./http.js";
import { createMcpServer, DEFAULT_MAX_ITEMS, DEFAULT_MAX_RESULT_CHARS, resolveSettings, type McpPackage, type ServerSettings } from "./server.js";

const OPTIONS = {
  tools: { type: "string" },
  "read-only": { type: "boolean" },
  transport: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  "max-items": { type: "string" },
  "max-chars": { type: "string" },
  "list-tools": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

/** A command-line mistake: printed with a pointer to --help, exit code 2. */
class UsageError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The `crmkit-<vendor>-mcp` command. Resolves to the exit code (0 once a server is up: it then runs
 * until stdin closes or a signal arrives). Never prints a credential.
 */
export async function runCli(
  pkg: McpPackage,
  argv: readonly string[] = process.argv.slice(2),
  env: Environment = process.env,
  io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): Promise<number> {
  const { vendor } = pkg;
  const log = (line: string) => io.stderr(`${vendor.bin}: ${line}\n`);
  let values: { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "string" ? string : boolean };
  let settings: ServerSettings;
  let transport: string;
  let port: number;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
    transport = values.transport ?? "stdio";
    if (transport !== "stdio" && transport !== "http") throw new UsageError(`--transport must be stdio or http (got ${JSON.stringify(transport)})`);
    port = whole("--port", values.port ?? "3000", 0);
    settings = {
      tools: values.tools,
      readOnly: values["read-only"] ?? false,
      maxItems: values["max-items"] === undefined ? undefined : whole("--max-items", values["max-items"], 1),
      maxResultChars: values["max-chars"] === undefined ? undefined : whole("--max-chars", values["max-chars"], 1000),
      env,
    };
  } catch (error) {
    log(`${error instanceof Error ? error.message.replace(/^TypeError \[\w+\]: /, "") : String(error)} (see --help)`);
    return 2;
  }
  if (values.help) {
    io.stdout(usage(pkg));
    return 0;
  }
  if (values.version) {
    io.stdout(`${vendor.version}\n`);
    return 0;
  }
  let resolved;
  try {
    resolved = resolveSettings(pkg, settings);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (values["list-tools"]) {
    for (const tool of resolved.tools) io.stdout(`${tool.name}\t${tool.httpMethod} ${tool.path}\t${tool.summary}\n`);
    return 0;
  }

  const mode = resolved.mode.kind === "some" ? resolved.mode.entries.join(",") : resolved.mode.kind;
  const offered = resolved.mode.kind === "dynamic" ? `${resolved.tools.length} operations behind 3 tools` : `${resolved.tools.length} tools`;
  // Credentials are checked now only to warn: tools/list works without them, and each call says what is missing.
  try {
    resolveCredentials(vendor, env);
  } catch (error) {
    log(`warning: ${error instanceof Error ? error.message : String(error)}; calls will fail until it is set${transport === "http" ? " (or sent in the Authorization header)" : ""}`);
  }

  if (transport === "http") {
    const running = await serveHttp(pkg, { ...settings, host: values.host, port, log });
    log(`${offered} (--tools ${mode}${settings.readOnly ? ", read-only" : ""}) at ${running.url}`);
    if (!isLoopback(values.host ?? "127.0.0.1")) {
      log(`warning: listening beyond this machine; whoever reaches ${running.url} acts with the credentials of this environment unless a request brings its own`);
    }
    const stop = () => void running.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return 0;
  }
  const server = createMcpServer(pkg, settings);
  await server.connect(new StdioServerTransport());
  log(`${offered} (--tools ${mode}${settings.readOnly ? ", read-only" : ""}) on stdio`);
  return 0;
}

function whole(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`${flag} must be a whole number of at least ${min} (got ${JSON.stringify(text)})`);
  return Number(text);
}

/** --help: every option and variable, from the vendor's data. */
export function usage(pkg: McpPackage): string {
  const { vendor } = pkg;
  const variables = [
    ...vendor.credentials.flatMap((c) => [...c.variables, ...(c.clientCredentials ? Object.values(c.clientCredentials) : [])]),
    ...vendor.serverVariables,
    vendor.baseUrl,
  ];
  const seen = new Set<string>();
  const envLines = variables
    .filter((v) => (seen.has(v.name) ? false : (seen.add(v.name), true)))
    .map((v) => `  ${v.name.padEnd(30)} ${v.description}`);
  return `Usage: ${vendor.bin} [options]

An MCP server for the ${vendor.title}: one tool per API operation, over stdio (default) or Streamable HTTP.

Options:
  --tools <which>       all | dynamic | resources, tags or tool names, comma-separated (default: ${vendor.defaultTools})
                        dynamic offers three tools (list_operations, describe_operation, call_operation) instead
                        of one per operation, for APIs too large for an agent's context
  --read-only           offer no tool that writes (only GET operations)
  --transport <kind>    stdio | http (default: stdio)
  --host <address>      http: address to listen on (default: 127.0.0.1)
  --port <number>       http: port (default: 3000; 0 picks a free one)
  --max-items <n>       the most items a list tool returns per call (default: ${DEFAULT_MAX_ITEMS})
  --max-chars <n>       the most characters of one tool answer (default: ${DEFAULT_MAX_RESULT_CHARS})
  --list-tools          print the selected tools and exit
  -h, --help            this help
  -v, --version         the version

Environment:
${envLines.join("\n")}
`;
}
