import { mcpPackage } from "@crmkit/proworkflow-mcp";
import { mcpSuite } from "../support/mcp.js";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

mcpSuite({
  vendor: "proworkflow",
  pkg: mcpPackage,
  env: (url) => ({
    PROWORKFLOW_API_KEY: "pwf-test-key-0001",
    PROWORKFLOW_USERNAME: "ada@example.com",
    PROWORKFLOW_PASSWORD: "pwf-test-password-0001",
    PROWORKFLOW_BASE_URL: url,
  }),
  credentialVariable: "PROWORKFLOW_PASSWORD",
  // A hosted server keeps the account's API key; each user signs in with their own username and password.
  authorization: basic("grace@example.com", "pwf-header-password-0002"),
  envWithoutHeaderCredential: (url) => ({ PROWORKFLOW_API_KEY: "pwf-test-key-0001", PROWORKFLOW_BASE_URL: url }),
  list: { tool: "companies_list", args: { pagesize: 2, fields: "name,phone" } },
  get: { tool: "contacts_get", args: { id: 7 }, badArgs: { id: "seven" } },
});
