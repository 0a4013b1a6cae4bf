import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { GENERATED_HEADER } from "./header.js";

/**
 * The spec's types, as openapi-typescript writes them. Optional properties stay optional even when the
 * schema gives a default (`defaultNonNullable: false`): a default is what the server assumes, not a
 * promise that the field comes back. Binary strings (file uploads) are typed as what a program holds:
 * a Blob (File is one) or bytes.
 */
export async function emitTypes(doc: unknown, specName: string): Promise<string> {
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], {
    defaultNonNullable: false,
    silent: true,
    transform(schema) {
      if (schema.format === "binary" && (schema.type === "string" || schema.type === undefined)) {
        return ts.factory.createUnionTypeNode([
          ts.factory.createTypeReferenceNode("Blob"),
          ts.factory.createTypeReferenceNode("Uint8Array"),
        ]);
      }
      return undefined;
    },
  });
  return `${GENERATED_HEADER(specName)}\n${astToString(ast)}`;
}
