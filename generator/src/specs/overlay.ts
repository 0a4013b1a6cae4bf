import { loadDocument, type LoadedDocument } from "../load.js";
import { JsonPathError, queryJsonPath } from "./jsonpath.js";

/**
 * Applies an OpenAPI Overlay 1.0 document. For each action, in order: `remove: true` deletes every
 * node the target selects; otherwise `update` is merged into each: objects merge recursively (update
 * wins on conflicts), arrays and scalars in the update replace, and an array target gets the update
 * appended. An action whose target selects nothing is an error: after an upstream bump, a patch that
 * no longer applies must be looked at, not silently dropped.
 */
export function applyOverlay(spec: unknown, overlay: LoadedDocument): unknown {
  const doc = overlay.doc as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object") throw overlay.error("", "the overlay is not an object");
  if (typeof doc.overlay !== "string" || !doc.overlay.startsWith("1.")) {
    throw overlay.error("/overlay", 'missing or unsupported "overlay" version (expected 1.x)');
  }
  if (!Array.isArray(doc.actions)) throw overlay.error("/actions", 'missing required field "actions"');
  const result = structuredClone(spec);
  doc.actions.forEach((raw, index) => {
    const pointer = `/actions/${index}`;
    const action = raw as Record<string, unknown>;
    if (!action || typeof action.target !== "string") throw overlay.error(pointer, 'action is missing required field "target"');
    let matches;
    try {
      matches = queryJsonPath(result, action.target);
    } catch (error) {
      if (error instanceof JsonPathError) throw overlay.error(`${pointer}/target`, error.message);
      throw error;
    }
    if (matches.length === 0) throw overlay.error(`${pointer}/target`, `target "${action.target}" selects nothing in the spec`);
    if (action.remove === true) {
      // Remove from the end so array indexes stay valid.
      for (const m of [...matches].reverse()) {
        if (Array.isArray(m.parent)) m.parent.splice(m.key as number, 1);
        else if (m.parent) delete (m.parent as Record<string, unknown>)[m.key as string];
        else throw overlay.error(`${pointer}/target`, "cannot remove the document root");
      }
      return;
    }
    if (!("update" in action)) throw overlay.error(pointer, 'action needs "update" or "remove: true"');
    for (const m of matches) {
      if (Array.isArray(m.value)) m.value.push(structuredClone(action.update));
      else if (isPlainObject(m.value) && isPlainObject(action.update)) mergeInto(m.value, action.update);
      else if (m.parent) (m.parent as Record<string, unknown>)[m.key as string] = structuredClone(action.update);
      else throw overlay.error(`${pointer}/update`, "the root can only be updated with an object");
    }
  });
  return result;
}

export function applyOverlayFile(spec: unknown, overlayFile: string): unknown {
  return applyOverlay(spec, loadDocument(overlayFile));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mergeInto(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) mergeInto(current, value);
    else target[key] = structuredClone(value);
  }
}
