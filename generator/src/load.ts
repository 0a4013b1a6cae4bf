import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { SpecError, joinPointer, splitPointer } from "./errors.js";

/** A parsed YAML or JSON document that remembers where each node came from. */
export interface LoadedDocument {
  file: string;
  doc: unknown;
  /** The 1-based line of the node at a JSON pointer, when the pointer resolves. */
  lineOf(pointer: string): number | undefined;
  /** A SpecError at a pointer, with its line filled in. */
  error(pointer: string, detail: string): SpecError;
}

export function loadDocument(file: string, text?: string): LoadedDocument {
  let source: string;
  try {
    source = text ?? readFileSync(file, "utf8");
  } catch (cause) {
    throw new SpecError(file, "", `cannot read the file (${(cause as NodeJS.ErrnoException).code ?? cause})`);
  }
  // Bundled specs are JSON: JSON.parse is many times faster than the YAML parser, which then only
  // runs when an error needs a line number.
  let doc: unknown;
  let yamlDoc: Document | undefined;
  const parseYaml = () => (yamlDoc ??= parseDocument(source, { prettyErrors: false, uniqueKeys: true }));
  try {
    doc = JSON.parse(source) as unknown;
  } catch {
    const parsed = parseYaml();
    if (parsed.errors.length > 0) {
      const first = parsed.errors[0]!;
      const offset = first.pos[0];
      throw new SpecError(file, pointerAtOffset(parsed, offset), `invalid YAML: ${first.message.split("\n")[0]}`, lineAt(source, offset));
    }
    doc = parsed.toJS({ maxAliasCount: 1000 }) as unknown;
  }
  const lineOf = (pointer: string) => {
    const node = nodeAt(parseYaml(), pointer);
    return node?.range ? lineAt(source, node.range[0]) : undefined;
  };
  return {
    file,
    doc,
    lineOf,
    error: (pointer, detail) => new SpecError(file, pointer, detail, lineOf(pointer)),
  };
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function nodeAt(yamlDoc: Document, pointer: string): Node | undefined {
  let node: unknown = yamlDoc.contents;
  for (const segment of splitPointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      node = pair?.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
    } else {
      return undefined;
    }
  }
  return node as Node | undefined;
}

/** The pointer of the deepest node whose source range holds `offset`: where a parse error sits. */
function pointerAtOffset(yamlDoc: Document, offset: number): string {
  const path: Array<string | number> = [];
  let node: unknown = yamlDoc.contents;
  for (;;) {
    let next: unknown;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const start = (pair.key as Node | null)?.range?.[0] ?? Infinity;
        const end = (pair.value as Node | null)?.range?.[2] ?? (pair.key as Node | null)?.range?.[2] ?? -1;
        if (start <= offset && offset <= end) {
          path.push(isScalar(pair.key) ? String(pair.key.value) : "?");
          next = pair.value;
          break;
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as Node | null)?.range;
        if (next === undefined && range && range[0] <= offset && offset <= range[2]) {
          path.push(index);
          next = item;
        }
      });
    }
    if (next === undefined || next === null) break;
    node = next;
  }
  return joinPointer(...path);
}
