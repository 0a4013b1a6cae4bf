/**
 * An error in a spec or overlay, pointing at the file and the JSON pointer (and line, when known) of
 * the offending node, so a maintainer can go straight to it.
 */
export class SpecError extends Error {
  override readonly name = "SpecError";

  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ""} at #${pointer}: ${detail}`);
  }
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function joinPointer(...segments: Array<string | number>): string {
  return segments.map((s) => `/${escapePointerSegment(s)}`).join("");
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
