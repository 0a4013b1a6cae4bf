/**
 * `@crmkit/runtime/environment` as TypeScript sees it under Node's `node` export condition
 * (`moduleResolution` node16 or nodenext, Deno, or `customConditions: ["node"]`). Such programs have
 * environment variables, and the client reads a credential it is not given from `<VENDOR>_<OPTION>`
 * (`WEALTHBOX_ACCESS_TOKEN`), so every credential option may be left out; a client created without
 * any, and with no variable set, throws at construction naming the options and variables it needs.
 */
export type { OptionsArgument } from "./options-argument.js";

/** Credential options where each may come from the environment instead: all optional. */
export type CredentialOptions<Credentials> = { [Option in keyof Credentials]?: Credentials[Option] };

/** Whether the types allow credentials to come from environment variables: here they do. */
export type EnvironmentCredentials = true;
