import type { ApiModel, OperationModel, SelectableRecord, SelectionModel } from "../model.js";
import { isIdentifier, toPascalCase } from "../naming.js";
import { typeNames } from "./method-types.js";

/**
 * Typed field selection (x-crmkit-fields): the types of `fields.gen.ts` and the extra method signatures
 * that use them. The cost model, measured in `pnpm bench`: a call that names fields infers one union of
 * names and builds one mapped type (`Selected`); only a call with linked objects or `"_ALL"` in a list
 * goes through the conditional types of the general form.
 */

const S = (schema: string) => `S[${JSON.stringify(schema)}]`;
const union = (names: string[]) => (names.length ? names.map(nameType).join(" | ") : "never");
/** A field name as a type: `apifield{number}` becomes the template literal `apifield${number}`. */
const nameType = (name: string) => (name.includes("{number}") ? `\`${name.replace("{number}", "${number}")}\`` : JSON.stringify(name));

/** The prefix of a record's selection types: the component name, made an identifier when it is not one. */
export function recordPrefix(record: string): string {
  return isIdentifier(record) ? record : toPascalCase(record);
}

/** Names of the types one operation's overloads use. */
export function selectionTypes(op: OperationModel): { fieldName: string; pick: string; all: string; selection?: string; selected?: string } {
  const selection = op.selection!;
  if (selection.standard) {
    const p = recordPrefix(selection.record!);
    return { fieldName: `${p}FieldName`, pick: `${p}Pick`, all: `${p}All`, selection: `${p}Selection`, selected: `${p}Selected` };
  }
  const base = toPascalCase(op.operationId);
  return { fieldName: `${base}FieldName`, pick: `${base}Pick`, all: `${base}All` };
}

/** The name of an operation's parameters interface with the selection typed as `F`. */
function selectingParams(op: OperationModel): string {
  return `${toPascalCase(op.operationId)}Selecting`;
}

/**
 * The parameters interface of a call with a typed selection: the other parameters written out, each by
 * indexed access into the operation's params. For the compiler that is one plain object per call, where
 * Omit or Pick would map the keys again on every operation.
 */
function selectingParamsInterface(op: OperationModel): string[] {
  const selection = op.selection!;
  const params = typeNames(op).params;
  const others = [
    ...op.parameters.filter((p) => p.in !== "cookie" && p.name !== selection.param).map((p) => ({ name: p.name, required: p.required })),
    ...(op.body ? [{ name: "body", required: op.body.required }] : []),
  ];
  return [
    `/** Parameters of \`${op.operationId}\` with \`${selection.param}\` in its typed form \`F\`. */`,
    `export interface ${selectingParams(op)}<F> {`,
    ...others.map((o) => `  ${propertyKey(o.name)}${o.required ? "" : "?"}: ${params}[${JSON.stringify(o.name)}];`),
    `  ${propertyKey(selection.param)}: F;`,
    "}",
  ];
}

/** Whether an operation gets the general overload (linked objects with their own selection, `"_ALL"` in a list). */
function hasGeneralForm(model: ApiModel, op: OperationModel): boolean {
  const selection = op.selection!;
  if (!selection.standard) return false;
  const record = model.selectableRecords.find((r) => r.name === selection.record)!;
  return record.links.length > 0 || selection.all !== undefined;
}

/** Every name fields.gen.ts exports, so schema type names can steer clear of them. */
export function fieldTypeExports(model: ApiModel): string[] {
  const out = new Set<string>();
  for (const record of neededRecords(model)) {
    const p = recordPrefix(record.name);
    for (const suffix of ["Fields", "FieldName", "DefaultField", "With", "Pick", "All", "Selection", "Selected", ...(record.links.length ? ["LinkSelections"] : [])]) out.add(`${p}${suffix}`);
  }
  const perOperation = new Map<string, string>();
  for (const op of model.operations) {
    if (!op.selection || op.selection.standard) continue;
    const t = selectionTypes(op);
    for (const name of [t.fieldName, t.pick, ...(op.selection.all ? [t.all] : [])]) {
      if (out.has(name)) throw new Error(`field selection: the type name ${name} of operation ${op.operationId} is also a record's (${[...out].find((n) => n === name)}); rename the operation`);
      perOperation.set(name, op.operationId);
    }
  }
  for (const op of model.operations) if (op.selection) perOperation.set(selectingParams(op), op.operationId);
  return [...out, ...perOperation.keys()];
}

/** Records whose shared selection types are emitted: those of standard operations and every record they link to. */
function neededRecords(model: ApiModel): SelectableRecord[] {
  const byName = new Map(model.selectableRecords.map((r) => [r.name, r]));
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    const record = byName.get(name);
    if (!record) return;
    needed.add(name);
    for (const link of record.links) visit(link.target);
  };
  for (const op of model.operations) if (op.selection?.standard) visit(op.selection.record!);
  // A non-standard operation on a record with links still needs the record's field types (links as ids).
  for (const op of model.operations) {
    const record = op.selection?.record ? byName.get(op.selection.record) : undefined;
    if (record && record.links.length > 0) visit(record.name);
  }
  return [...needed].sort().map((name) => byName.get(name)!);
}

/** fields.gen.ts: the selection types of every record and of every operation with its own names. */
export function emitFields(model: ApiModel): string {
  const records = neededRecords(model);
  const ops = model.operations.filter((op) => op.selection && !op.selection.standard);
  const methodTypes = new Set<string>();
  const out: string[] = [];
  const param = (op?: OperationModel) => `\`${op?.selection?.param ?? model.operations.find((o) => o.selection)?.selection?.param ?? "fields"}\``;

  for (const record of records) {
    const p = recordPrefix(record.name);
    const c = S(record.name);
    if (record.links.length > 0) {
      // Written out property by property: \`extends Omit<...>\` would cost the compiler a conditional per key of the record.
      const links = new Map(record.links.map((l) => [l.property, l]));
      out.push(
        `/** \`${record.name}\` as a field selection returns it: a linked record named alone (${record.links.map((l) => `\`${l.property}\``).slice(0, 3).join(", ")}) comes back as its id. */`,
        `export interface ${p}Fields {`,
        ...record.properties.map((name) => {
          const link = links.get(name);
          const type = `${c}[${JSON.stringify(name)}]`;
          return `  ${propertyKey(name)}?: ${link ? `Exclude<${type}, ${S(link.target)}>` : type};`;
        }),
        "}",
      );
    } else {
      out.push(`/** \`${record.name}\` as a field selection returns it. */`, `export type ${p}Fields = ${c};`);
    }
    out.push(
      `/** The field names of \`${record.name}\` a selection accepts. */`,
      `export type ${p}FieldName = keyof ${p}Fields;`,
      `/** The fields \`${record.name}\` returns without a selection (\`x-crmkit-default\`). */`,
      `export type ${p}DefaultField = ${union(record.defaults)};`,
      // Written against the record itself rather than through Selected<T, K>: a property read then costs the
      // compiler one instantiation fewer. K's constraint (keyof the record) keeps -? removing undefined.
      `/** A \`${record.name}\` with exactly the fields \`K\`, each present. */`,
      `export type ${p}With<K extends ${p}FieldName> = { [P in K]-?: ${p}Fields[P] };`,
      `/** A \`${record.name}\` whose selection names fields: its default fields and exactly those, each present. */`,
      `export type ${p}Pick<N extends ${p}FieldName> = ${p}With<${p}DefaultField | N>;`,
      `/** A \`${record.name}\` with every field (\`"_ALL"\`); linked records come back as ids. */`,
      `export type ${p}All = ${p}With<${p}FieldName>;`,
    );
    const linkSelection = record.links.length > 0 ? ` | ${p}LinkSelections` : "";
    out.push(
      `/** A typed selection of \`${record.name}\`: field names, \`"_ALL"\`${record.links.length ? ", and `{ link: selection }` objects for linked records" : ""}. */`,
      `export type ${p}Selection = readonly (${p}FieldName | "_ALL"${linkSelection})[];`,
    );
    if (record.links.length > 0) {
      out.push(
        `/** Linked records of \`${record.name}\` with a selection of their own: \`[]\` for their default fields, field names, or \`"_ALL"\`. */`,
        `export interface ${p}LinkSelections {`,
        ...record.links.map((l) => `  readonly ${propertyKey(l.property)}?: ${recordPrefix(l.target)}Selection | "_ALL";`),
        "}",
        `interface ${p}LinkTypes<L> {`,
        ...record.links.map((l) => {
          const inner = `${recordPrefix(l.target)}Selected<LinkSelection<L, ${JSON.stringify(l.property)}>>`;
          return `  ${propertyKey(l.property)}: ${l.many ? `${inner}[]` : inner}${l.nullable ? " | null" : ""};`;
        }),
        "}",
      );
    }
    const linked = record.links.length > 0 ? ` & ([L] extends [never] ? unknown : Selected<${p}LinkTypes<L>, Extract<LinkKeys<L>, keyof ${p}LinkTypes<L>>>)` : "";
    out.push(
      `/** A \`${record.name}\` as a typed selection returns it (\`F\` is the selection, or \`"_ALL"\`). */`,
      `export type ${p}Selected<F> = F extends "_ALL" ? ${p}All : F extends readonly (infer E)[] ? ${p}Entries<E${record.links.length ? ", Extract<E, object>" : ""}> : never;`,
      `type ${p}Entries<E${record.links.length ? ", L" : ""}> = ${p}With<${p}DefaultField | ("_ALL" extends E ? ${p}FieldName : Extract<E, ${p}FieldName>)>${linked};`,
      "",
    );
  }

  const keyInterfaces = new Map<string, string>();
  for (const op of ops) {
    const selection = op.selection!;
    const t = selectionTypes(op);
    const record = recordType(model, op, methodTypes);
    const identity = selection.names.every((n) => n.brings.length === 1 && n.brings[0] === n.name);
    let keys = "N";
    if (!identity) {
      const body = selection.names.map((n) => (n.name.includes("{number}") ? `  [name: ${nameType(n.name)}]: ${union(n.brings)};` : `  ${propertyKey(n.name)}: ${union(n.brings)};`));
      const content = body.join("\n");
      let name = keyInterfaces.get(content);
      if (!name) {
        name = `${toPascalCase(op.operationId)}FieldKeys`;
        keyInterfaces.set(content, name);
        out.push(`/** What each name \`${op.operationId}\` accepts in ${param(op)} brings back: the record properties it stands for. */`, `interface ${name} {`, ...body, "}");
      }
      keys = `${name}[N]`;
    }
    const always = selection.always.length ? `${union(selection.always)} | ` : "";
    const kept = selection.kept.length ? ` & Pick<${record}, ${union(selection.kept)}>` : "";
    out.push(
      `/** Field names \`${op.operationId}\` accepts in ${param(op)}. */`,
      `export type ${t.fieldName} = ${union(selection.names.map((n) => n.name))};`,
      `/** ${selection.shape.kind === "record" ? "What" : "An item of"} \`${op.operationId}\` when ${param(op)} names fields: ${selection.always.length ? `${selection.always.map((a) => `\`${a}\``).join(", ")} and ` : ""}what those names bring, each present${selection.kept.length ? "; the properties no name selects stay as declared" : ""}. */`,
      `export type ${t.pick}<N extends ${t.fieldName}> = Selected<${record}, ${always}${keys}>${kept};`,
    );
    if (selection.all) {
      out.push(
        `/** ${selection.shape.kind === "record" ? "What" : "An item of"} \`${op.operationId}\` with every field (\`${selection.all}\`). */`,
        `export type ${t.all} = ${t.pick}<${t.fieldName}>;`,
      );
    }
    out.push("");
  }

  for (const op of model.operations) {
    if (!op.selection) continue;
    const lines = selectingParamsInterface(op);
    if (lines.length > 4) methodTypes.add(typeNames(op).params);
    out.push(...lines);
  }
  if (out.length === 0) return "export {};\n";
  const text = out.join("\n");
  const runtime = ["LinkKeys", "LinkSelection", "Selected"].filter((name) => new RegExp(`\\b${name}<`).test(text));
  const usesSchemas = /\bS\[/.test(text);
  const header = [
    ...(runtime.length ? [`import type { ${runtime.join(", ")} } from "@crmkit/runtime";`] : []),
    ...(usesSchemas ? ['import type { components } from "./types.gen.js";'] : []),
    ...(methodTypes.size ? [`import type { ${[...methodTypes].sort().join(", ")} } from "./method-types.gen.js";`] : []),
    "",
    ...(usesSchemas ? ['type S = components["schemas"];', ""] : []),
  ];
  return [...header, text].join("\n").replace(/\n+$/, "\n");
}

/** The TypeScript type of an operation's record. */
function recordType(model: ApiModel, op: OperationModel, methodTypes: Set<string>): string {
  const selection = op.selection!;
  if (selection.record) {
    const record = model.selectableRecords.find((r) => r.name === selection.record);
    return record && record.links.length > 0 ? `${recordPrefix(selection.record)}Fields` : S(selection.record);
  }
  const names = typeNames(op);
  if (op.pagination) {
    methodTypes.add(names.item);
    return names.item;
  }
  methodTypes.add(names.response);
  return selection.shape.kind === "record" ? names.response : `Extract<${names.response}, readonly unknown[]>[number]`;
}

/** The payload type of a call whose records are `item`, built from the operation's payload shape. */
export function payloadOf(op: OperationModel, item: string): string {
  const selection = op.selection!;
  const response = typeNames(op).response;
  const shape = selection.shape;
  if (shape.kind === "record") return item;
  if (shape.kind === "array") return shape.union ? `${item}[] | Exclude<${response}, readonly unknown[]>` : `${item}[]`;
  // The page's array sits at a path inside the payload: replace that one property on the way down.
  const build = (type: string, path: string[]): string => {
    const [key, ...rest] = path;
    const k = JSON.stringify(key);
    return `Omit<${type}, ${k}> & { ${propertyKey(key!)}: ${rest.length ? build(`NonNullable<${type}[${k}]>`, rest) : `${item}[]`} }`;
  };
  return build(response, shape.path);
}

/**
 * The method signatures an operation with a selection adds around the plain one: `"_ALL"` first (a
 * string, so the plain signature would otherwise take it), then names, then the general form.
 * Returns the signatures to write before and after the plain one.
 */
export function selectionSignatures(
  model: ApiModel,
  op: OperationModel,
  wrap: (payload: string, item: string) => string,
): { before: Array<{ doc: "full" | string; line: string }>; after: Array<{ doc: string; line: string }> } {
  const selection = op.selection!;
  const t = selectionTypes(op);
  const n = typeNames(op);
  const key = propertyKey(selection.param);
  const withSelection = (type: string) => `${selectingParams(op)}<${type}>`;
  const returns = (item: string) => wrap(payloadOf(op, item), item);
  const what = selection.shape.kind === "record" ? "the result has" : "items have";
  const kept = selection.mode === "add" ? "default fields plus exactly those" : `${selection.always.length ? `${selection.always.map((a) => `\`${a}\``).join(", ")} plus ` : ""}exactly what those names bring`;
  const before: Array<{ doc: "full" | string; line: string }> = [];
  const after: Array<{ doc: string; line: string }> = [];
  if (selection.all) {
    before.push({ doc: "full", line: `${op.methodName}(params: ${n.params} & { ${key}: ${JSON.stringify(selection.all)} }, options?: RequestOptions): ${returns(t.all)};` });
  }
  after.push({
    doc: `With \`${selection.param}\` listing field names, ${what} the ${kept}, each typed as present; reading another field is a compile error.`,
    line: `${op.methodName}<N extends ${t.fieldName}>(params: ${withSelection("readonly N[]")}, options?: RequestOptions): ${returns(pickType(op, "N"))};`,
  });
  if (hasGeneralForm(model, op)) {
    after.push({
      doc: `With \`${selection.param}\` holding linked records as \`{ link: selection }\` objects (or \`"_ALL"\` in the list), each comes back with its default fields plus its own selection; this is written as \`link(a,b)\`.`,
      line: `${op.methodName}<const F extends ${t.selection}>(params: ${withSelection("F")}, options?: RequestOptions): ${returns(`${t.selected}<F>`)};`,
    });
  }
  return { before, after };
}

/**
 * The record type of a names-only selection `N`. For a record's own selection it is written inline, one
 * alias fewer for the compiler to expand on every call; other operations use their alias.
 */
function pickType(op: OperationModel, n: string): string {
  const selection = op.selection!;
  if (!selection.standard) return `${selectionTypes(op).pick}<${n}>`;
  const p = recordPrefix(selection.record!);
  return `${p}With<${p}DefaultField | ${n}>`;
}

/** The overload types client.gen.ts imports from fields.gen.ts. */
export function selectionImports(model: ApiModel): string[] {
  const out = new Set<string>();
  for (const op of model.operations) {
    if (!op.selection) continue;
    const t = selectionTypes(op);
    out.add(t.fieldName).add(selectingParams(op));
    if (op.selection.standard) {
      const p = recordPrefix(op.selection.record!);
      out.add(`${p}With`).add(`${p}DefaultField`);
    } else out.add(t.pick);
    if (op.selection.all) out.add(t.all);
    if (hasGeneralForm(model, op)) out.add(t.selection!).add(t.selected!);
  }
  return [...out].sort();
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

export type { SelectionModel };
