export { createMcpServer, environmentClient, lazySchema, resolveSettings, DEFAULT_MAX_ITEMS, DEFAULT_MAX_RESULT_CHARS } from "./server.js";
export type { McpPackage, ServerSettings, ResolvedSettings } from "./server.js";
export { serveHttp, isLoopback, type HttpSettings, type RunningHttpServer } from "./http.js";
export { runCli, usage, type CliIo } from "./cli.js";
export { callTool, errorResult, scrub, toParams, ToolInputError, type CallSettings, type ClientSource, type ToolResult } from "./call.js";
export { resolveCredentials, optionsFromAuthorization, MissingCredentialsError, InvalidSettingError, type Environment, type ResolvedCredentials } from "./credentials.js";
export { parseToolsMode, selectTools, withPageCap, ToolSelectionError, type ToolsMode } from "./select.js";
export type * from "./types.js";
