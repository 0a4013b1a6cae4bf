import { JSONPathEnvironment, JSONPathError } from "json-p3";

/**
 * JSONPath (RFC 9535) for overlays, by json-p3: it passes every case of the official compliance suite
 * (generator/test/specs/jsonpath-compliance.test.ts), where hand-written subsets and other npm
 * implementations fall short (`&&` chains, slices, unions, non-ASCII names).
 */

export interface PathMatch {
  /** The object or array holding the match; `undefined` for the root. */
  parent: Record<string, unknown> | unknown[] | undefined;
  key: string | number | undefined;
  value: unknown;
  /** Where the match is: property names and array indexes from the root. */
  location: Array<string | number>;
}

export class JsonPathError extends Error {
  override readonly name = "JsonPathError";
}

// Strict (standard RFC 9535 only) and deterministic: object members are visited in document order.
const environment = new JSONPathEnvironment({ strict: true, nondeterministic: false });

/** Every node the expression selects, in the order RFC 9535 gives them. */
export function queryJsonPath(root: unknown, expression: string): PathMatch[] {
  let nodes;
  try {
    nodes = environment.query(expression, root as Parameters<JSONPathEnvironment["query"]>[1]).nodes;
  } catch (error) {
    if (error instanceof JSONPathError) throw new JsonPathError(`JSONPath "${expression}" is invalid: ${error.message}`);
    throw error;
  }
  return nodes.map((node) => {
    const location = [...node.location];
    if (location.length === 0) return { parent: undefined, key: undefined, value: node.value, location };
    const key = location[location.length - 1]!;
    return { parent: valueAt(root, location.slice(0, -1)) as PathMatch["parent"], key, value: node.value, location };
  });
}

/** The value at a location, or `undefined` when it no longer exists. */
export function valueAt(root: unknown, location: Array<string | number>): unknown {
  let node = root;
  for (const key of location) {
    if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
