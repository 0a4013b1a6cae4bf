// The CommonJS side of from-environment.mts: `require` resolves the `.d.cts` types, which must make
// the same choice. Never run.
import { createOnePageCrmClient } from "@crmkit/onepagecrm";
import type { EnvironmentCredentials } from "@crmkit/runtime/environment";
import { createWealthboxClient } from "@crmkit/wealthbox";

export const flavour: EnvironmentCredentials = true;
export const clients = [createWealthboxClient(), createOnePageCrmClient({ apiKey: process.env.ONEPAGECRM_API_KEY })];
// @ts-expect-error a credential is a string
createOnePageCrmClient({ apiKey: 42 });
