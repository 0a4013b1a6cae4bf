// Type-checked with Node's `node` export condition (node16/nodenext, or bundler with
// customConditions ["node"]): credentials may come from <VENDOR>_<OPTION> variables, so each may be
// left out. Every unused @ts-expect-error fails tsc. Never run.
import { createAcceloClient } from "@crmkit/accelo";
import { createOnePageCrmClient } from "@crmkit/onepagecrm";
import { createProWorkflowClient } from "@crmkit/proworkflow";
import type { EnvironmentCredentials } from "@crmkit/runtime/environment";
import { WealthboxClient, createWealthboxClient, type WealthboxClientOptions } from "@crmkit/wealthbox";

export const flavour: EnvironmentCredentials = true;

export function fromTheEnvironment(): unknown[] {
  return [
    createWealthboxClient(),
    new WealthboxClient(),
    createOnePageCrmClient(),
    createProWorkflowClient({ timeoutMs: 5_000 }),
    createAcceloClient(),
    // Some given, the rest from the environment.
    createOnePageCrmClient({ userId: "5aba31ea9007ba0f570c92d4" }),
    createAcceloClient({ deployment: "planet-express" }),
    // exactOptionalPropertyTypes is on: an unset variable may still be passed.
    createWealthboxClient({ accessToken: process.env.WEALTHBOX_ACCESS_TOKEN, baseUrl: process.env.WEALTHBOX_BASE_URL }),
  ];
}

export function stillWrong(): void {
  // @ts-expect-error a credential is a string
  createOnePageCrmClient({ userId: 42 });
  // @ts-expect-error a misspelt option is not a credential
  createWealthboxClient({ acessToken: "token" });
  // @ts-expect-error oauth needs a clientId
  createAcceloClient({ oauth: { clientSecret: "secret" } });
  const options: WealthboxClientOptions = {};
  void options;
}
