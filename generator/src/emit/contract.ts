import type { LoadedDocument } from "../load.js";
import { resolveRef, type ApiModel, type OperationModel } from "../model.js";
import { splitPointer } from "../errors.js";
import { BINARY_SAMPLE, documentedExample, sampleParameter, sampleSchema } from "../sample.js";
import { GENERATED_HEADER } from "./header.js";
import { literal } from "./table.js";


/**
 * A contract test file for one vendor: every operation called through its generated method with
 * arguments built from the spec's examples and schemas. The suite harness (test/support/contract.ts)
 * runs them against Prism and checks requests and payloads.
 */
export function emitContractTests(loaded: LoadedDocument, model: ApiModel, specName: string, packageName: string): string {
  const resolve = (v: unknown) => resolveRef(loaded, v);
  const factory = `create${model.client.name}Client`;
  const lines: string[] = [
    GENERATED_HEADER(specName),
    "",
    `import { ${factory} } from ${JSON.stringify(packageName)};`,
    `import { contractSuite } from "../support/contract.js";`,
    "",
    "contractSuite({",
    `  vendor: ${JSON.stringify(specName)},`,
    `  create: (baseUrl, fetch) => ${factory}({ ...${literal(contractCredentials(model))}, baseUrl, fetch, maxRetries: 0 }),`,
    "  operations: [",
  ];
  for (const op of model.operations) {
    if (op.contract) {
      lines.push(`    { id: ${JSON.stringify(op.operationId)}, skip: ${JSON.stringify(op.contract.reason)} },`);
      continue;
    }
    const args = literal(contractArguments(loaded, resolve, op), (v) => (v === BINARY_SAMPLE ? 'new Blob(["sample"], { type: "text/plain" })' : undefined));
    const call = `(client, options) => client.${op.resource}.${op.methodName}(${args}, options)`;
    lines.push(`    { id: ${JSON.stringify(op.operationId)}, list: ${op.pagination ? "true" : "false"}, call: ${call} },`);
  }
  lines.push("  ],", "});", "");
  return lines.join("\n");
}

/** Placeholder credentials for every option the client needs: the mock checks their form, not their value. */
function contractCredentials(model: ApiModel): Record<string, string> {
  const out: Record<string, string> = {};
  const requirement = model.security[0] ?? [];
  for (const name of requirement) {
    const scheme = model.securitySchemes.find((s) => s.name === name);
    if (!scheme) continue;
    if ("option" in scheme.credential) out[scheme.credential.option] = `contract-${scheme.credential.option}`;
    else {
      out[scheme.credential.username] = "contract-user";
      out[scheme.credential.password] = "contract-password";
    }
  }
  for (const variable of model.servers[0]?.variables ?? []) out[variable.name] = variable.default ?? "contract";
  return out;
}

type Obj = Record<string, unknown>;

function contractArguments(loaded: LoadedDocument, resolve: (v: unknown) => unknown, op: OperationModel): Record<string, unknown> {
  const segments = splitPointer(op.pointer);
  const item = resolve((loaded.doc as Obj).paths && ((loaded.doc as Obj).paths as Obj)[segments[1]!]) as Obj;
  const operation = item[op.httpMethod] as Obj;
  const params = new Map<string, Obj>();
  for (const list of [item.parameters, operation.parameters]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const p = resolve(raw) as Obj;
      params.set(`${String(p.in)}:${String(p.name)}`, p);
    }
  }
  const args: Record<string, unknown> = {};
  for (const p of params.values()) {
    if (p.in === "cookie") continue;
    if (p.in === "path" || p.required === true) args[String(p.name)] = sampleParameter(p, resolve);
  }
  if (op.body) {
    const body = resolve(operation.requestBody) as Obj;
    const content = body.content as Obj;
    const mediaType = op.body.contentTypes.find((c) => /json/i.test(c)) ?? op.body.contentTypes[0]!;
    const media = resolve(content[mediaType]) as Obj;
    const example = documentedExample(media, resolve);
    args.body = example ? example.value : (sampleSchema(media.schema, resolve) ?? {});
  }
  return args;
}
