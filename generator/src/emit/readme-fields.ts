import type { ApiModel, OperationModel } from "../model.js";
import { toPascalCase } from "../naming.js";
import { recordPrefix } from "./fields.js";
import { paramsOptional } from "./method-types.js";

/**
 * The README's "Choosing the returned fields" section, for APIs whose specs declare field selection
 * (x-crmkit-fields). Kept apart from readme.ts so the two change independently.
 */
export function fieldSelectionSection(model: ApiModel): string[] {
  const selecting = model.operations.filter((op) => op.selection);
  if (selecting.length === 0) return [];
  const params = [...new Set(selecting.map((op) => op.selection!.param))];
  const example = pickExample(selecting);
  const s = example.selection!;
  const call = `client.${example.resource}.${example.methodName}`;
  const key = quoteKey(s.param);
  const names = s.names.filter((n) => !n.name.includes("{number}") && n.brings.some((b) => !s.always.includes(b)) && !n.brings.every((b) => s.always.includes(b)));
  const [first, second] = names;
  const required = example.parameters.filter((p) => p.required && p.in !== "cookie").map((p) => `${quoteKey(p.name)}: 1`);
  const args = (selection: string) => `{ ${[...required, `${key}: ${selection}`].join(", ")} }`;
  const item = s.shape.kind === "record" ? "result" : s.shape.kind === "items" ? `page.${s.shape.path.join(".")}[0]!` : "items[0]!";
  const bind = s.shape.kind === "record" ? "const result" : s.shape.kind === "items" ? "const page" : "const items";
  const read = (name: string) => `${item}.${s.names.find((n) => n.name === name)!.brings[0]}`;
  const lines = [
    "## Choosing the returned fields",
    "",
    `${selecting.length} methods take ${params.map((p) => `\`${p}\``).join(" or ")}, which chooses the fields the API returns. Besides the plain string the`,
    "API documents, it takes a list of names, and the result is typed with exactly the fields that come back:",
    "",
    "```ts",
  ];
  if (first && second) {
    lines.push(`${bind} = await ${call}(${args(`[${JSON.stringify(first.name)}, ${JSON.stringify(second.name)}]`)});`);
    lines.push(`${read(first.name)}; // present, typed as the spec declares it`);
    const other = names.find((n) => n !== first && n !== second);
    if (other) lines.push("// @ts-expect-error: not selected, so not in the type", `${read(other.name)};`);
  }
  lines.push("```", "");
  if (s.mode === "add" && s.always.length === 0 && s.kept.length > 0) {
    lines.push(
      "The names add to what the call returns anyway, which keeps the types it has without a selection. A name the call does not accept is",
      "a compile error, and so is reading one that was not asked for.",
    );
  } else if (s.mode === "add") {
    lines.push(
      "The names come on top of the fields returned by default, which every selected record keeps. A name the record does not have is a",
      "compile error, and so is reading a field that was not selected.",
    );
  } else {
    lines.push(
      `The names replace the call's default fields: a selected record has ${s.always.length ? `${s.always.map((a) => `\`${a}\``).join(", ")} (always returned) and ` : ""}exactly what the names`,
      "bring, several properties for a group name. A name the call does not accept is a compile error, and so is reading a property no",
      "selected name brings; properties outside every name keep their optional type.",
    );
  }
  const all = selecting.find((op) => op.selection!.all)?.selection!.all;
  if (all) lines.push("", `\`${key}: ${JSON.stringify(all)}\` (or \`${JSON.stringify(all)}\` in the list) selects every field.`);
  const linkExample = linkedExample(model, [example, ...selecting]);
  if (linkExample) {
    lines.push(
      "",
      "A linked record comes back as its id when named alone, and as the record (its default fields plus a selection of its own) when given",
      "one as an object: `[]` for the defaults, names, nested links, or the all value. The client writes it in the API's syntax:",
      "",
      "```ts",
      `// sent as ${linkExample.sent}`,
      `await client.${linkExample.op.resource}.${linkExample.op.methodName}(${linkExample.args});`,
      "```",
    );
  }
  const templated = example.selection!.item ? example : selecting.find((op) => op.selection!.item);
  if (templated) {
    const t = templated.selection!;
    const n = t.names[0]!.name;
    lines.push("", `Each name is sent as \`${t.item!.replace("{name}", n)}\` for \`${JSON.stringify(n)}\`; write the plain names in the list.`);
  }
  lines.push(
    "",
    "A string is sent as it is and typed as without a selection, so existing code keeps compiling; an empty list sends nothing. Type names",
    "for your own code: `<Record>FieldName` and `<Record>Pick<N>` for a record's names and selected record, or `<Operation>FieldName` and",
    `\`<Operation>Pick<N>\` where a call has names of its own (${selectionTypeExample(example)}).`,
  );
  return lines;
}

/** A list that needs no arguments, on the record with the most names: the best showcase. */
function pickExample(ops: OperationModel[]): OperationModel {
  const lists = ops.filter((op) => op.pagination && op.httpMethod === "get" && paramsOptional(op));
  const widest = [...lists].sort((a, b) => b.selection!.names.length - a.selection!.names.length)[0];
  return widest ?? ops[0]!;
}

function linkedExample(model: ApiModel, ops: OperationModel[]): { op: OperationModel; args: string; sent: string } | undefined {
  for (const op of ops) {
    const s = op.selection!;
    if (!s.standard || !paramsOptional(op)) continue;
    const record = model.selectableRecords.find((r) => r.name === s.record);
    const link = record?.links.find((l) => !l.many);
    const target = link && model.selectableRecords.find((r) => r.name === link.target);
    const field = target?.properties.find((p) => !target.defaults.includes(p));
    const plain = record?.properties.find((p) => !record.defaults.includes(p) && !record.links.some((l) => l.property === p));
    if (!link || !field || !plain) continue;
    const key = quoteKey(s.param);
    return {
      op,
      args: `{ ${key}: [${JSON.stringify(plain)}, { ${quoteKey(link.property)}: [${JSON.stringify(field)}] }] }`,
      sent: `\`${s.param}=${plain},${link.property}(${field})\``,
    };
  }
  return undefined;
}

function selectionTypeExample(op: OperationModel): string {
  const s = op.selection!;
  if (s.standard) {
    const p = recordPrefix(s.record!);
    return `\`${p}FieldName\`, \`${p}Pick<"${s.names.find((n) => !s.always.includes(n.name))?.name ?? s.names[0]!.name}">\``;
  }
  const base = toPascalCase(op.operationId);
  return `\`${base}FieldName\`, \`${base}Pick<"${s.names[0]!.name}">\``;
}

function quoteKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
