import { IndentationText, Project, QuoteKind, type SourceFile } from "ts-morph";
import { loadDocument, type LoadedDocument } from "./load.js";
import { buildModel, type ApiModel } from "./model.js";
import { emitClient } from "./emit/client.js";
import { emitDateMaps, emitDateShapes, hasDates } from "./emit/dates.js";
import { emitFields, fieldTypeExports } from "./emit/fields.js";
import { GENERATED_HEADER } from "./emit/header.js";
import { emitIndex, reservedExportNames } from "./emit/index.js";
import { emitMethodTypes, typeNames } from "./emit/method-types.js";
import { emitSchemaTypes } from "./emit/schemas.js";
import { emitDefinition, emitResourceTable } from "./emit/table.js";
import { emitTypes } from "./emit/types.js";
import { emitWebhooks } from "./emit/webhooks.js";

export interface GenerateResult {
  model: ApiModel;
  /** The parsed spec, for emitters that read its examples. */
  loaded: LoadedDocument;
  /** The spec document the model came from. */
  doc: unknown;
  /** File name (relative to the output folder) → content. */
  files: Map<string, string>;
}

export interface GenerateOptions {
  /** The package the client is published as; its name and version go into the User-Agent. */
  package?: { name: string; version: string };
}

/** Renders every generated file for one spec, in memory. Same spec in, byte-identical files out. */
export async function generateSources(specFile: string, specName: string, text?: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const loaded = loadDocument(specFile, text);
  const model = buildModel(loaded);
  const header = GENERATED_HEADER(specName);

  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  // An emitter may return text to append after what it built in the syntax tree.
  const render = (name: string, emit: (file: SourceFile) => string | void) => {
    const file = project.createSourceFile(name, "", { overwrite: true });
    const tail = emit(file);
    const body = file.getFullText();
    return `${header}\n\n${body}${tail ? `${body.endsWith("\n") ? "\n" : "\n\n"}${tail}` : ""}`;
  };
  const plain = (content: string) => `${header}\n\n${content}`;

  const schemas = ((loaded.doc as { components?: { schemas?: Record<string, unknown> } }).components?.schemas ?? {}) as Record<string, unknown>;
  const methodTypeNames = model.operations.flatMap((op) => Object.values(typeNames(op)));
  const pkg = options.package ?? { name: model.client.packageName, version: "0.0.0" };

  const files = new Map<string, string>();
  files.set("types.gen.ts", await emitTypes(loaded.doc, specName, loaded.error));
  files.set("operations.gen.ts", plain(emitDefinition(model, pkg)));
  if (hasDates(model)) files.set("dates.gen.ts", plain(emitDateShapes(model)));
  if (model.dateComponents.size > 0) files.set("date-types.gen.ts", plain(emitDateMaps(model)));
  for (const resource of model.resources) files.set(`ops/${resource.name}.gen.ts`, plain(emitResourceTable(model, resource.name)));
  files.set("method-types.gen.ts", render("method-types.gen.ts", (f) => emitMethodTypes(f, model)));
  files.set("fields.gen.ts", plain(emitFields(model)));
  files.set("schemas.gen.ts", plain(emitSchemaTypes(schemas, reservedExportNames(model, methodTypeNames, fieldTypeExports(model)), new Set(model.dateComponents.keys()))));
  files.set("client.gen.ts", render("client.gen.ts", (f) => emitClient(f, model)));
  files.set("index.gen.ts", plain(emitIndex(model)));
  // A separate entry (`<package>/webhooks`), so receiving webhooks does not bundle the client.
  if (model.webhooks) files.set("webhooks.gen.ts", plain(emitWebhooks(model)));
  return { model, loaded, doc: loaded.doc, files };
}
