import { mcpPackage } from "@crmkit/wealthbox-mcp";
import { mcpSuite } from "../support/mcp.js";

mcpSuite({
  vendor: "wealthbox",
  pkg: mcpPackage,
  env: (url) => ({ WEALTHBOX_ACCESS_TOKEN: "wb-test-token-0001", WEALTHBOX_BASE_URL: url }),
  credentialVariable: "WEALTHBOX_ACCESS_TOKEN",
  authorization: "Bearer wb-header-token-0002",
  envWithoutHeaderCredential: (url) => ({ WEALTHBOX_BASE_URL: url }),
  list: { tool: "contacts_list", args: { per_page: 2 } },
  get: { tool: "contacts_get", args: { id: 7 }, badArgs: { id: "seven" } },
});
