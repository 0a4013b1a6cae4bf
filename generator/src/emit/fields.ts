import type { ApiModel, OperationModel, SelectableRecord } from "../model.js";
import { isIdentifier, toPascalCase } from "../naming.js";
import { typeNames } from "./method-types.js";

/**
 * Typed field selection (x-crmkit-fields): the types of `fields.gen.ts` and the method signatures that use
 * them. What a call costs the compiler is measured in `pnpm bench` (typecheck): a call naming fields infers
 * one union of names and builds one mapped type over the record (`<Record>With<K>`), written inline in the
 * signature so no alias has to be expanded on the way; only a call with linked records or `"_ALL"` in a
 * list goes through the conditional types of the general form.
 */

const S = (schema: string) => `S[${JSON.stringify(schema)}]`;
const union = (names: string[]) => (names.length ? names.map(nameType).join(" | ") : "never");
/** A field name as a type: `apifield{number}` becomes the template literal `apifield${number}`. */
const nameType = (name: string) => (name.includes("{number}") ? `\`${name.replace("{number}", "${number}")}\`` : JSON.stringify(name));

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** The prefix of a record's selection types: the component name, made an identifier when it is not one. */
export function recordPrefix(record: string): string {
  return isIdentifier(record) ? record : toPascalCase(record);
}

/** What one operation's selecting signatures refer to. */
interface OperationTypes {
  /** The union of names it accepts. */
  fieldName: string;
  /** The record a names-only selection `n` returns, as a type expression. */
  pick: (n: string) => string;
  /** The record with every field, when the API has an "all" value. */
  all?: string;
  /** The general form (linked records with their own selection), for a record's own selection. */
  general?: { selection: string; selected: string };
  /** The parameters interface with the selection typed. */
  params: string;
  /** The names the signatures import from fields.gen.ts. */
  imports: string[];
}

interface Analysis {
  /** fields.gen.ts, without its imports. */
  declarations: string[];
  /** Method types (method-types.gen.ts) the declarations use. */
  methodTypes: Set<string>;
  operations: Map<OperationModel, OperationTypes>;
  exports: string[];
}

const analyses = new WeakMap<ApiModel, Analysis>();

function analyze(model: ApiModel): Analysis {
  let analysis = analyses.get(model);
  if (!analysis) {
    analysis = buildAnalysis(model);
    analyses.set(model, analysis);
  }
  return analysis;
}

/** Records whose shared selection types are emitted: those of standard operations and every record they link to. */
function neededRecords(model: ApiModel): SelectableRecord[] {
  const byName = new Map(model.selectableRecords.map((r) => [r.name, r]));
  const needed = new Set<string>();
  const visit = (name: string) => {
    const record = byName.get(name);
    if (!record || needed.has(name)) return;
    needed.add(name);
    for (const link of record.links) visit(link.target);
  };
  for (const op of model.operations) {
    const record = op.selection?.record ? byName.get(op.selection.record) : undefined;
    // A record with links needs its field types (links as ids) even for an operation with names of its own.
    if (record && (op.selection!.standard || record.links.length > 0)) visit(record.name);
  }
  return [...needed].sort().map((name) => byName.get(name)!);
}

function buildAnalysis(model: ApiModel): Analysis {
  const out: string[] = [];
  const methodTypes = new Set<string>();
  const exported = new Map<string, string>();
  const exportName = (name: string, owner: string) => {
    const previous = exported.get(name);
    if (previous && previous !== owner) throw new Error(`field selection: the type name ${name} is needed by both ${previous} and ${owner}; rename one of them`);
    exported.set(name, owner);
    return name;
  };
  const records = neededRecords(model);
  const recordsByName = new Map(model.selectableRecords.map((r) => [r.name, r]));
  const withTypes = new Set<string>();

  for (const record of records) {
    const p = recordPrefix(record.name);
    const owner = `record ${record.name}`;
    for (const suffix of ["Fields", "FieldName", "DefaultField", "With", "Pick", "All", "Selection", "Selected", ...(record.links.length ? ["LinkSelections"] : [])]) exportName(`${p}${suffix}`, owner);
    withTypes.add(`${p}With`);
    const c = S(record.name);
    if (record.links.length > 0) {
      // Written out property by property: `extends Omit<...>` would cost the compiler a conditional per key.
      const links = new Map(record.links.map((l) => [l.property, l]));
      out.push(
        `/** \`${record.name}\` as a field selection returns it: a linked record named alone (${record.links
          .slice(0, 3)
          .map((l) => `\`${l.property}\``)
          .join(", ")}) comes back as its id. */`,
        `export interface ${p}Fields {`,
        ...record.properties.map((name) => {
          const link = links.get(name);
          const type = `${c}[${JSON.stringify(name)}]`;
          // A link named alone is its id: written from the schema's other variants when they are plain
          // references, which costs the compiler nothing; Exclude (a conditional) otherwise.
          const alone = link?.alone ? link.alone.map((v) => (v === "null" ? "null" : S(v))).join(" | ") : link ? `Exclude<${type}, ${S(link.target)}>` : type;
          return `  ${propertyKey(name)}?: ${alone};`;
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
      // Through the generic Selected<T, K>: only with T generic does keyof T stay a type the mapped type's -?
      // reads optionality from, so the properties lose their `undefined`.
      `/** A \`${record.name}\` with exactly the fields \`K\`, each present. */`,
      `export type ${p}With<K extends ${p}FieldName> = Selected<${p}Fields, K>;`,
      `/** A \`${record.name}\` whose selection names fields: its default fields and exactly those, each present. */`,
      `export type ${p}Pick<N extends ${p}FieldName> = ${p}With<${p}DefaultField | N>;`,
      `/** A \`${record.name}\` with every field (\`"_ALL"\`); linked records come back as ids. */`,
      `export type ${p}All = ${p}With<${p}FieldName>;`,
      `/** A typed selection of \`${record.name}\`: field names, \`"_ALL"\`${record.links.length ? ", and `{ link: selection }` objects for linked records" : ""}. */`,
      `export type ${p}Selection = readonly (${p}FieldName | "_ALL"${record.links.length ? ` | ${p}LinkSelections` : ""})[];`,
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

  const operations = new Map<OperationModel, OperationTypes>();
  const byContent = new Map<string, string>();
  /** Emits a declaration once per distinct content; operations with the same one share the first name. */
  const shared = (name: string, content: string, declare: (name: string) => string[]) => {
    const found = byContent.get(content);
    if (found) return found;
    byContent.set(content, name);
    out.push(...declare(name));
    return name;
  };
  for (const op of model.operations) {
    const selection = op.selection;
    if (!selection) continue;
    const base = toPascalCase(op.operationId);
    const owner = `operation ${op.operationId}`;
    const param = `\`${selection.param}\``;
    const params = exportName(`${base}Selecting`, owner);
    const other = [
      ...op.parameters.filter((p) => p.in !== "cookie" && p.name !== selection.param).map((p) => ({ name: p.name, required: p.required })),
      ...(op.body ? [{ name: "body", required: op.body.required }] : []),
    ];
    if (other.length) methodTypes.add(typeNames(op).params);
    // The other parameters written out, each by indexed access into the operation's params: for the compiler
    // one plain object per call, where Omit or Pick would map the keys again for every operation.
    out.push(
      `/** Parameters of \`${op.operationId}\` with ${param} in its typed form \`F\`. */`,
      `export interface ${params}<F> {`,
      ...other.map((o) => `  ${propertyKey(o.name)}${o.required ? "" : "?"}: ${typeNames(op).params}[${JSON.stringify(o.name)}];`),
      `  ${propertyKey(selection.param)}: F;`,
      "}",
    );

    if (selection.standard) {
      const p = recordPrefix(selection.record!);
      const record = recordsByName.get(selection.record!)!;
      operations.set(op, {
        fieldName: `${p}FieldName`,
        pick: (n) => `${p}With<${p}DefaultField | ${n}>`,
        all: selection.all ? `${p}All` : undefined,
        general: record.links.length > 0 || selection.all ? { selection: `${p}Selection`, selected: `${p}Selected` } : undefined,
        params,
        imports: [`${p}FieldName`, `${p}With`, `${p}DefaultField`, params, ...(selection.all ? [`${p}All`] : []), ...(record.links.length > 0 || selection.all ? [`${p}Selection`, `${p}Selected`] : [])],
      });
      continue;
    }

    // An operation with names of its own: the record's With, what each name brings, and what no name governs.
    const recordTypeExpr = recordType(model, op, methodTypes);
    const withName =
      selection.record && withTypes.has(`${recordPrefix(selection.record)}With`) ? `${recordPrefix(selection.record)}With` : shared(
        selection.record ? `${recordPrefix(selection.record)}With` : `${base}With`,
        `with:${recordTypeExpr}`,
        (name) => [
          `/** ${selection.record ? `A \`${selection.record}\`` : `A record of \`${op.operationId}\``} with exactly the properties \`K\`, each present. */`,
          `export type ${exportName(name, owner)}<K extends keyof ${recordTypeExpr}> = Selected<${recordTypeExpr}, K>;`,
        ],
      );
    const identity = selection.names.every((n) => n.brings.length === 1 && n.brings[0] === n.name);
    let keys = (n: string) => n;
    const imports = [withName, params];
    if (!identity) {
      const body = selection.names.map((n) => (n.name.includes("{number}") ? `  [name: ${nameType(n.name)}]: ${union(n.brings)};` : `  ${propertyKey(n.name)}: ${union(n.brings)};`));
      const keysName = shared(`${base}FieldKeys`, `keys:${body.join("\n")}`, (name) => [
        `/** What each name \`${op.operationId}\` accepts in ${param} brings back: the record properties it stands for. */`,
        `export interface ${exportName(name, owner)} {`,
        ...body,
        "}",
      ]);
      imports.push(keysName);
      keys = (n) => `${keysName}[${n}]`;
    }
    let kept = "";
    if (selection.kept.length) {
      const keptName = shared(`${base}Unselected`, `kept:${recordTypeExpr}:${selection.kept.join(",")}`, (name) => [
        `/** The properties of a \`${op.operationId}\` record that no name in ${param} brings: typed as the spec declares them. */`,
        `export type ${exportName(name, owner)} = Pick<${recordTypeExpr}, ${union(selection.kept)}>;`,
      ]);
      imports.push(keptName);
      kept = ` & ${keptName}`;
    }
    const always = selection.always.length ? `${union(selection.always)} | ` : "";
    const pick = (n: string) => `${withName}<${always}${keys(n)}>${kept}`;
    const fieldName = exportName(`${base}FieldName`, owner);
    const pickName = exportName(`${base}Pick`, owner);
    const what = selection.shape.kind === "record" ? "What" : "An item of";
    out.push(
      `/** Field names \`${op.operationId}\` accepts in ${param}. */`,
      `export type ${fieldName} = ${union(selection.names.map((n) => n.name))};`,
      `/** ${what} \`${op.operationId}\` when ${param} names fields: ${selection.always.length ? `${selection.always.map((a) => `\`${a}\``).join(", ")} and ` : ""}what those names bring, each present${selection.kept.length ? "; the properties no name brings stay as declared" : ""}. */`,
      `export type ${pickName}<N extends ${fieldName}> = ${pick("N")};`,
    );
    let all: string | undefined;
    if (selection.all) {
      all = exportName(`${base}All`, owner);
      out.push(`/** ${what} \`${op.operationId}\` with every field (\`${selection.all}\`). */`, `export type ${all} = ${pickName}<${fieldName}>;`);
      imports.push(all);
    }
    out.push("");
    imports.push(fieldName);
    operations.set(op, { fieldName, pick, all, params, imports });
  }
  return { declarations: out, methodTypes, operations, exports: [...exported.keys()] };
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

/** Every name fields.gen.ts exports, so schema type names can steer clear of them. */
export function fieldTypeExports(model: ApiModel): string[] {
  return analyze(model).exports;
}

/** fields.gen.ts: the selection types of every record and of every operation with names of its own. */
export function emitFields(model: ApiModel): string {
  const { declarations, methodTypes } = analyze(model);
  if (declarations.length === 0) return "export {};\n";
  const text = declarations.join("\n");
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

/** The payload type of a call whose records are `item`, built from the operation's payload shape. */
function payloadOf(op: OperationModel, item: string, response = typeNames(op).response): string {
  const shape = op.selection!.shape;
  if (shape.kind === "record") return item;
  const items = /[&|]/.test(item.replace(/<[^<>]*(<[^<>]*>[^<>]*)*>/g, "")) ? `(${item})[]` : `${item}[]`;
  if (shape.kind === "array") return shape.union ? `${items} | Exclude<${response}, readonly unknown[]>` : items;
  // The page's array sits at a path inside the payload: replace that one property on the way down.
  const build = (type: string, path: string[]): string => {
    const [key, ...rest] = path;
    const k = JSON.stringify(key);
    return `Omit<${type}, ${k}> & { ${propertyKey(key!)}: ${rest.length ? build(`NonNullable<${type}[${k}]>`, rest) : items} }`;
  };
  return build(response, shape.path);
}

/**
 * The signatures an operation with a selection has besides the plain one: `"_ALL"` first (it is a
 * string, so the plain signature would take it), then names, then the general form. The plain one keeps
 * today's types for a string or no selection, and costs a call without a selection nothing.
 */
export function selectionSignatures(
  model: ApiModel,
  op: OperationModel,
  wrap: (payload: string, item: string) => string,
  dates?: SelectionDates,
): { before: Array<{ doc: "full"; line: string }>; after: Array<{ doc: string; line: string }> } {
  const selection = op.selection!;
  const t = analyze(model).operations.get(op)!;
  const returns = (item: string) => {
    const record = dates ? dates.record(item) : item;
    return wrap(payloadOf(op, record, dates?.response), record);
  };
  // With dates, every signature also takes the call's own `dates` choice.
  const typeParameters = (own: string) => {
    const list = [own, dates ? "CallDates extends boolean | undefined = undefined" : ""].filter(Boolean);
    return list.length ? `<${list.join(", ")}>` : "";
  };
  const options = dates ? "RequestOptions & { dates?: CallDates }" : "RequestOptions";
  const key = propertyKey(selection.param);
  const what = selection.shape.kind === "record" ? "the result has" : "items have";
  const brings =
    selection.mode === "add"
      ? "default fields plus exactly those"
      : `${selection.always.length ? `${selection.always.map((a) => `\`${a}\``).join(", ")} plus ` : ""}exactly what those names bring`;
  const before: Array<{ doc: "full"; line: string }> = [];
  if (t.all) {
    before.push({ doc: "full", line: `${op.methodName}${typeParameters("")}(params: ${typeNames(op).params} & { ${key}: ${JSON.stringify(selection.all)} }, options?: ${options}): ${returns(t.all)};` });
  }
  const after = [
    {
      doc: `With \`${selection.param}\` listing field names, ${what} the ${brings}, each typed as present; reading another field is a compile error.`,
      line: `${op.methodName}${typeParameters(`N extends ${t.fieldName}`)}(params: ${t.params}<readonly N[]>, options?: ${options}): ${returns(t.pick("N"))};`,
    },
  ];
  if (t.general) {
    after.push({
      doc: `With \`${selection.param}\` holding linked records as \`{ link: selection }\` objects (or \`"_ALL"\` in the list), each comes back with its default fields plus its own selection; it is sent as \`link(a,b)\`.`,
      line: `${op.methodName}${typeParameters(`const F extends ${t.general.selection}`)}(params: ${t.params}<F>, options?: ${options}): ${returns(`${t.general.selected}<F>`)};`,
    });
  }
  return { before, after };
}

/**
 * How a selecting signature types dates, for an operation whose payload holds some: the selected record
 * goes through the record's date map, and the rest of the payload is the dated response type.
 */
export interface SelectionDates {
  record: (type: string) => string;
  response: string;
}

/** The types client.gen.ts imports from fields.gen.ts for the selecting signatures. */
export function selectionImports(model: ApiModel): string[] {
  const out = new Set<string>();
  for (const t of analyze(model).operations.values()) for (const name of t.imports) out.add(name);
  return [...out].sort();
}
