/**
 * `@crmkit/runtime/environment` as TypeScript sees it where no environment variables exist (browsers,
 * and every program type-checked without Node's `node` export condition: `moduleResolution: "bundler"`).
 * A client's credentials must then be passed, so leaving one out is a compile error. Programs that run
 * on Node, Bun or Deno get `environment-node.ts` instead, where each credential may come from
 * `<VENDOR>_<OPTION>` variables. Only types live here: the JavaScript is the same everywhere.
 */
export type { OptionsArgument } from "./options-argument.js";

/** Credential options exactly as the vendor's spec requires them: one of its alternatives, in full. */
export type CredentialOptions<Credentials> = Credentials;

/** Whether the types allow credentials to come from environment variables: here they do not. */
export type EnvironmentCredentials = false;
