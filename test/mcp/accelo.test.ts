import { mcpPackage } from "@crmkit/accelo-mcp";
import { mcpSuite } from "../support/mcp.js";

mcpSuite({
  vendor: "accelo",
  pkg: mcpPackage,
  env: (url) => ({ ACCELO_DEPLOYMENT: "planet-express", ACCELO_ACCESS_TOKEN: "acc-test-token-0001", ACCELO_BASE_URL: url }),
  credentialVariable: "ACCELO_ACCESS_TOKEN",
  authorization: "Bearer acc-header-token-0002",
  envWithoutHeaderCredential: (url) => ({ ACCELO_BASE_URL: url }),
  list: { tool: "companies_list", args: { _limit: 2, _fields: "website,phone" } },
  get: { tool: "companies_get", args: { company_id: 7 }, badArgs: { company_id: "seven" } },
});
