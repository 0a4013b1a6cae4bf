// Type-checked without Node's `node` export condition (moduleResolution bundler or node10, as a
// browser app is): nothing can come from environment variables, so a client created without the
// credentials of one complete alternative is a compile error. Every unused @ts-expect-error fails tsc.
// Never run.
import { createAcceloClient } from "@crmkit/accelo";
import { createOnePageCrmClient } from "@crmkit/onepagecrm";
import { createProWorkflowClient } from "@crmkit/proworkflow";
import type { EnvironmentCredentials } from "@crmkit/runtime/environment";
import { WealthboxClient, createWealthboxClient } from "@crmkit/wealthbox";

export const flavour: EnvironmentCredentials = false;

/** Values a browser app reads from its own configuration; `undefined` when unset. */
declare const config: { token?: string; userId?: string; apiKey?: string };

export function complete(): unknown[] {
  return [
    createWealthboxClient({ accessToken: config.token }),
    createWealthboxClient({ oauth: { clientId: "app", tokens: { accessToken: "held" } } }),
    createOnePageCrmClient({ userId: config.userId, apiKey: config.apiKey }),
    createProWorkflowClient({ apiKey: "key", username: "ada", password: "secret" }),
    createAcceloClient({ deployment: "planet-express", accessToken: config.token }),
    createAcceloClient({ deployment: "planet-express", oauth: { clientId: "app", clientSecret: "s", clientCredentials: true } }),
  ];
}

export function incomplete(): void {
  // @ts-expect-error no credentials at all
  createWealthboxClient();
  // @ts-expect-error an empty options object is no alternative either
  createWealthboxClient({ timeoutMs: 5_000 });
  // @ts-expect-error the constructor checks the same
  new WealthboxClient();
  // @ts-expect-error HTTP Basic needs both halves
  createOnePageCrmClient({ userId: "5aba31ea9007ba0f570c92d4" });
  // @ts-expect-error the API key goes with a username and password
  createProWorkflowClient({ apiKey: "key" });
  // @ts-expect-error the deployment is part of the server URL
  createAcceloClient({ accessToken: "token" });
  // @ts-expect-error a credential is a string
  createOnePageCrmClient({ userId: 42, apiKey: "key" });
}
