import type { SpecError } from "../errors.js";
import { loadDocument, type LoadedDocument } from "../load.js";
import { JsonPathError, queryJsonPath, valueAt, type PathMatch } from "./jsonpath.js";

/** One overlay action whose target selects nothing: after an upstream bump, a patch that no longer applies. */
export interface UnmatchedAction {
  index: number;
  kind: "update" | "remove";
  target: string;
  description?: string;
  error: SpecError;
}

export interface OverlayResult {
  spec: unknown;
  unmatched: UnmatchedAction[];
}

/**
 * Applies an OpenAPI Overlay 1.0 document. For each action, in order: `remove: true` deletes every
 * node the target selects; otherwise `update` is merged into each: objects merge recursively (update
 * wins on conflicts), arrays and scalars in the update replace, and an array target gets the update
 * appended. An action whose target selects nothing is an error: after an upstream bump, a patch that
 * no longer applies must be looked at, not silently dropped.
 */
export function applyOverlay(spec: unknown, overlay: LoadedDocument): unknown {
  const { spec: result, unmatched } = applyOverlayCollecting(spec, overlay);
  if (unmatched.length > 0) throw unmatched[0]!.error;
  return result;
}

/**
 * Like {@link applyOverlay}, but carries on past actions that select nothing and returns them all, so a
 * maintainer moving a pin sees every patch that needs a look at once. Malformed actions still throw.
 */
export function applyOverlayCollecting(spec: unknown, overlay: LoadedDocument): OverlayResult {
  const doc = overlay.doc as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object") throw overlay.error("", "the overlay is not an object");
  if (typeof doc.overlay !== "string" || !doc.overlay.startsWith("1.")) {
    throw overlay.error("/overlay", 'missing or unsupported "overlay" version (expected 1.x)');
  }
  if (!Array.isArray(doc.actions)) throw overlay.error("/actions", 'missing required field "actions"');
  const result = structuredClone(spec);
  const unmatched: UnmatchedAction[] = [];
  doc.actions.forEach((raw, index) => {
    const pointer = `/actions/${index}`;
    const action = raw as Record<string, unknown>;
    if (!isPlainObject(action) || typeof action.target !== "string") throw overlay.error(pointer, 'action is missing required field "target"');
    const remove = action.remove === true;
    if (!remove && !("update" in action)) throw overlay.error(pointer, 'action needs "update" or "remove: true"');
    const kind = remove ? "remove" : "update";
    let matches: PathMatch[];
    try {
      matches = queryJsonPath(result, action.target);
    } catch (error) {
      if (error instanceof JsonPathError) throw overlay.error(`${pointer}/target`, `action ${index} (${kind}): ${error.message}`);
      throw error;
    }
    if (matches.length === 0) {
      const description = typeof action.description === "string" ? action.description.trim() : undefined;
      const detail =
        `action ${index} (${kind}) no longer matches: its target ${action.target} selects nothing in the spec` +
        (description ? ` (the action says: ${oneLine(description)})` : "");
      unmatched.push({ index, kind, target: action.target, description, error: overlay.error(`${pointer}/target`, detail) });
      return;
    }
    if (remove) {
      // Deepest and last first, so removing one match leaves the others' locations valid.
      for (const m of [...matches].sort((a, b) => compareLocations(b.location, a.location))) {
        if (m.location.length === 0) throw overlay.error(`${pointer}/target`, `action ${index} (remove) cannot remove the document root`);
        const parent = valueAt(result, m.location.slice(0, -1));
        if (Array.isArray(parent)) parent.splice(m.key as number, 1);
        else if (isPlainObject(parent)) delete parent[m.key as string];
      }
      return;
    }
    for (const m of matches) {
      if (Array.isArray(m.value)) m.value.push(structuredClone(action.update));
      else if (isPlainObject(m.value) && isPlainObject(action.update)) mergeInto(m.value, action.update);
      else if (m.parent) setOwn(m.parent as Record<string, unknown>, m.key as string, structuredClone(action.update));
      else throw overlay.error(`${pointer}/update`, `action ${index} (update): the root can only be updated with an object`);
    }
  });
  return { spec: result, unmatched };
}

export function applyOverlayFile(spec: unknown, overlayFile: string): unknown {
  return applyOverlay(spec, loadDocument(overlayFile));
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function compareLocations(a: Array<string | number>, b: Array<string | number>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Assignment that creates an own property even for keys like `__proto__`. */
function setOwn(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function mergeInto(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
    if (isPlainObject(current) && isPlainObject(value)) mergeInto(current, value);
    else setOwn(target, key, structuredClone(value));
  }
}
