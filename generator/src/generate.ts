import { IndentationText, Project, QuoteKind, type SourceFile } from "ts-morph";
import { loadDocument } from "./load.js";
import { buildModel, type ApiModel } from "./model.js";
import { emitClient } from "./emit/client.js";
import { GENERATED_HEADER } from "./emit/header.js";
import { emitIndex } from "./emit/index.js";
import { emitMethodTypes } from "./emit/method-types.js";
import { emitTable } from "./emit/table.js";
import { emitTypes } from "./emit/types.js";

export interface GenerateResult {
  model: ApiModel;
  /** File name (relative to the output folder) → content. */
  files: Map<string, string>;
}

/** Renders every generated file for one spec, in memory. Same spec in, byte-identical files out. */
export async function generateSources(specFile: string, specName: string, text?: string): Promise<GenerateResult> {
  const loaded = loadDocument(specFile, text);
  const model = buildModel(loaded);

  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  // An emitter may return text to append after what it built in the syntax tree.
  const render = (name: string, emit: (file: SourceFile) => string | void) => {
    const file = project.createSourceFile(name, "", { overwrite: true });
    const tail = emit(file);
    const body = file.getFullText();
    return `${GENERATED_HEADER(specName)}\n\n${body}${tail ? `${body.endsWith("\n") ? "\n" : "\n\n"}${tail}` : ""}`;
  };

  const files = new Map<string, string>();
  files.set("types.gen.ts", await emitTypes(loaded.doc, specName, loaded.error));
  files.set("operations.gen.ts", render("operations.gen.ts", (f) => emitTable(f, model)));
  files.set("method-types.gen.ts", render("method-types.gen.ts", (f) => emitMethodTypes(f, model)));
  files.set("client.gen.ts", render("client.gen.ts", (f) => emitClient(f, model)));
  files.set("index.gen.ts", render("index.gen.ts", (f) => emitIndex(f, model)));
  return { model, files };
}
