import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_HEADER } from "./header.js";

/**
 * The spec's types, as openapi-typescript writes them. Optional properties stay optional even when the
 * schema gives a default (`defaultNonNullable: false`): a default is what the server assumes, not a
 * promise that the field comes back.
 */
export async function emitTypes(doc: unknown, specName: string): Promise<string> {
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], {
    defaultNonNullable: false,
    silent: true,
  });
  return `${GENERATED_HEADER(specName)}\n${astToString(ast)}`;
}
