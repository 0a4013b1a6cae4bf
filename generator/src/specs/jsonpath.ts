/**
 * The JSONPath subset OpenAPI Overlays need (RFC 9535 syntax): `$`, `.name`, `['name']`, `[0]`, `[*]`,
 * `.*`, `..name` and filters `[?(@.a.b == 'v')]`, `[?(@.a != 'v')]`, `[?(@.a)]`. Anything else is
 * rejected with a message rather than guessed at.
 */

export interface PathMatch {
  /** The object or array holding the match. */
  parent: Record<string, unknown> | unknown[] | undefined;
  key: string | number | undefined;
  value: unknown;
}

type Segment =
  | { kind: "child"; name: string }
  | { kind: "index"; index: number }
  | { kind: "wildcard" }
  | { kind: "descendant"; name: string | "*" }
  | { kind: "filter"; path: string[]; op: "==" | "!=" | "exists"; value?: unknown };

export class JsonPathError extends Error {}

export function parseJsonPath(expression: string): Segment[] {
  let i = 0;
  const src = expression.trim();
  if (src[0] !== "$") throw new JsonPathError(`JSONPath "${expression}" must start with "$"`);
  i = 1;
  const segments: Segment[] = [];
  const readName = () => {
    const m = /^[A-Za-z0-9_\-$@]+/.exec(src.slice(i));
    if (!m) throw new JsonPathError(`JSONPath "${expression}": expected a name at position ${i}`);
    i += m[0].length;
    return m[0];
  };
  const readQuoted = () => {
    const quote = src[i];
    let out = "";
    i++;
    while (i < src.length && src[i] !== quote) {
      if (src[i] === "\\") i++;
      out += src[i];
      i++;
    }
    if (src[i] !== quote) throw new JsonPathError(`JSONPath "${expression}": unterminated string`);
    i++;
    return out;
  };
  while (i < src.length) {
    if (src.startsWith("..", i)) {
      i += 2;
      if (src[i] === "*") {
        i++;
        segments.push({ kind: "descendant", name: "*" });
      } else if (src[i] === "[") {
        i++;
        if (src[i] !== "'" && src[i] !== '"') throw new JsonPathError(`JSONPath "${expression}": only ..['name'] is supported after ..`);
        const name = readQuoted();
        expect("]");
        segments.push({ kind: "descendant", name });
      } else segments.push({ kind: "descendant", name: readName() });
    } else if (src[i] === ".") {
      i++;
      if (src[i] === "*") {
        i++;
        segments.push({ kind: "wildcard" });
      } else segments.push({ kind: "child", name: readName() });
    } else if (src[i] === "[") {
      i++;
      skipSpace();
      if (src[i] === "'" || src[i] === '"') {
        segments.push({ kind: "child", name: readQuoted() });
      } else if (src[i] === "*") {
        i++;
        segments.push({ kind: "wildcard" });
      } else if (src[i] === "?") {
        i++;
        skipSpace();
        const parens = src[i] === "(";
        if (parens) i++;
        skipSpace();
        if (src[i] !== "@") throw new JsonPathError(`JSONPath "${expression}": a filter must test @`);
        i++;
        const path: string[] = [];
        while (src[i] === ".") {
          i++;
          path.push(readName());
        }
        skipSpace();
        let op: "==" | "!=" | "exists" = "exists";
        let value: unknown;
        if (src.startsWith("==", i) || src.startsWith("!=", i)) {
          op = src.slice(i, i + 2) as "==" | "!=";
          i += 2;
          skipSpace();
          if (src[i] === "'" || src[i] === '"') value = readQuoted();
          else {
            const m = /^(true|false|null|-?\d+(\.\d+)?)/.exec(src.slice(i));
            if (!m) throw new JsonPathError(`JSONPath "${expression}": unsupported filter value at position ${i}`);
            value = JSON.parse(m[0]);
            i += m[0].length;
          }
        }
        skipSpace();
        if (parens) expect(")");
        segments.push({ kind: "filter", path, op, value });
      } else {
        const m = /^-?\d+/.exec(src.slice(i));
        if (!m) throw new JsonPathError(`JSONPath "${expression}": unsupported selector at position ${i}`);
        i += m[0].length;
        segments.push({ kind: "index", index: Number(m[0]) });
      }
      skipSpace();
      expect("]");
    } else {
      throw new JsonPathError(`JSONPath "${expression}": unexpected "${src[i]}" at position ${i}`);
    }
  }
  return segments;

  function skipSpace() {
    while (src[i] === " ") i++;
  }
  function expect(ch: string) {
    if (src[i] !== ch) throw new JsonPathError(`JSONPath "${expression}": expected "${ch}" at position ${i}`);
    i++;
  }
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === "object" && v !== null;

function children(node: unknown): PathMatch[] {
  if (Array.isArray(node)) return node.map((value, key) => ({ parent: node, key, value }));
  if (isContainer(node)) return Object.entries(node).map(([key, value]) => ({ parent: node, key, value }));
  return [];
}

function descendants(match: PathMatch): PathMatch[] {
  const out: PathMatch[] = [];
  const walk = (m: PathMatch) => {
    for (const child of children(m.value)) {
      out.push(child);
      walk(child);
    }
  };
  walk(match);
  return out;
}

/** Every node the expression selects, in document order. */
export function queryJsonPath(root: unknown, expression: string): PathMatch[] {
  let current: PathMatch[] = [{ parent: undefined, key: undefined, value: root }];
  for (const segment of parseJsonPath(expression)) {
    const next: PathMatch[] = [];
    for (const match of current) {
      switch (segment.kind) {
        case "child":
          if (isContainer(match.value) && !Array.isArray(match.value) && segment.name in match.value) {
            next.push({ parent: match.value, key: segment.name, value: match.value[segment.name] });
          }
          break;
        case "index":
          if (Array.isArray(match.value)) {
            const index = segment.index < 0 ? match.value.length + segment.index : segment.index;
            if (index >= 0 && index < match.value.length) next.push({ parent: match.value, key: index, value: match.value[index] });
          }
          break;
        case "wildcard":
          next.push(...children(match.value));
          break;
        case "descendant":
          for (const d of [match, ...descendants(match)]) {
            for (const child of children(d.value)) {
              if (segment.name === "*" || (typeof child.key === "string" && child.key === segment.name)) next.push(child);
            }
          }
          break;
        case "filter":
          for (const child of children(match.value)) {
            let v: unknown = child.value;
            for (const key of segment.path) v = isContainer(v) && !Array.isArray(v) ? v[key] : undefined;
            const keep = segment.op === "exists" ? v !== undefined : segment.op === "==" ? v === segment.value : v !== segment.value;
            if (keep) next.push(child);
          }
          break;
      }
    }
    current = next;
  }
  return current;
}
