import { mcpPackage } from "@crmkit/onepagecrm-mcp";
import { mcpSuite } from "../support/mcp.js";

const basic = (user: string, key: string) => `Basic ${Buffer.from(`${user}:${key}`).toString("base64")}`;

mcpSuite({
  vendor: "onepagecrm",
  pkg: mcpPackage,
  env: (url) => ({ ONEPAGECRM_USER_ID: "5a5f3b2c9b1e4a0001234567", ONEPAGECRM_API_KEY: "opc-test-key-0001", ONEPAGECRM_BASE_URL: url }),
  credentialVariable: "ONEPAGECRM_API_KEY",
  authorization: basic("5a5f3b2c9b1e4a0001234567", "opc-header-key-0002"),
  envWithoutHeaderCredential: (url) => ({ ONEPAGECRM_BASE_URL: url }),
  list: { tool: "contacts_list", args: { per_page: 2, fields: "calls(all)" } },
  get: { tool: "contacts_get", args: { contact_id: "5a5f3b2c9b1e4a0001234568" }, badArgs: { contact_id: 7 } },
});
