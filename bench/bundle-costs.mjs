// Where a bundle's gzip bytes go: each declaration of the minified output (a function, a class member,
// a variable) is cut out in turn, and what the file's gzip size loses is that declaration's cost. The
// output's source map (esbuild composes the packages' own maps) names the source file, and the
// declaration enclosing that position in the source names the part. Leave-one-out costs do not add up
// to the file's size exactly: gzip shares its window between parts, so a part that repeats another
// costs less alone than it adds to a file without either.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import ts from "typescript";

const gzip = (text) => gzipSync(text, { level: 9 }).length;

/** The parts of a minified file to weigh: class members, variables, functions, other statements. */
function parts(code) {
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out = [];
  const classOf = (node) => (node && (ts.isClassExpression(node) || ts.isClassDeclaration(node)) ? node : undefined);
  for (const statement of file.statements) {
    const declarations = ts.isVariableStatement(statement) ? statement.declarationList.declarations : [statement];
    for (const declaration of declarations) {
      const cls = classOf(declaration) ?? classOf(declaration.initializer);
      // A class is weighed member by member, so the constructor and each method show on their own.
      if (cls && cls.members.length > 0) for (const member of cls.members) out.push(member);
      else out.push(declaration);
    }
  }
  return out.map((node) => ({ start: node.getStart(file), end: node.getEnd() }));
}

/** The innermost named declaration of `source` at `line` and `column` (0-based): "ClientCore.constructor". */
function declarationAt(source, line, column) {
  const file = ts.createSourceFile("source.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = file.getLineStarts();
  const position = Math.min(lines[Math.min(line, lines.length - 1)] + column, source.length - 1);
  const names = [];
  const visit = (node) => {
    if (position < node.getFullStart() || position >= node.getEnd()) return;
    const name = ts.isConstructorDeclaration(node) ? "constructor" : node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name)) ? node.name.text : node.name && ts.isComputedPropertyName(node.name) ? `[${node.name.expression.getText(file)}]` : undefined;
    const named = ts.isClassLike(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isPropertyDeclaration(node) || (ts.isVariableDeclaration(node) && ts.isVariableStatement(node.parent.parent) && node.parent.parent.parent === file);
    if (named && name) names.push(name);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names.join(".") || "(top level)";
}

/**
 * Weighs the parts of one output file. `map` is its source map's JSON text, `mapDir` the folder its
 * sources are relative to; `root` makes the reported file names relative.
 */
export function bundleCosts(code, map, mapDir, root) {
  const total = gzip(code);
  const sourceMap = new SourceMap(JSON.parse(map));
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const locate = (offset) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return { line, column: offset - lineStarts[line] };
  };
  const sources = new Map();
  const sourceText = (path) => {
    if (!sources.has(path)) {
      let text;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        text = undefined;
      }
      sources.set(path, text);
    }
    return sources.get(path);
  };
  const weighed = parts(code).map(({ start, end }) => {
    const { line, column } = locate(start);
    const entry = sourceMap.findEntry(line, column);
    const path = entry?.originalSource ? resolve(mapDir, entry.originalSource.replace(/^file:\/\//, "")) : undefined;
    const text = path && sourceText(path);
    return {
      file: path ? relative(root, path) : "(unmapped)",
      part: text !== undefined && entry ? declarationAt(text, entry.originalLine, entry.originalColumn) : "(unknown)",
      gzip: total - gzip(code.slice(0, start) + code.slice(end)),
      minified: end - start,
    };
  });
  // One row per declaration: the minifier may split one source declaration into several parts.
  const rows = new Map();
  for (const w of weighed) {
    const key = `${w.file}\0${w.part}`;
    const row = rows.get(key) ?? { file: w.file, part: w.part, gzip: 0, minified: 0 };
    row.gzip += w.gzip;
    row.minified += w.minified;
    rows.set(key, row);
  }
  const byFile = new Map();
  for (const row of rows.values()) {
    const file = byFile.get(row.file) ?? { file: row.file, gzip: 0, minified: 0 };
    file.gzip += row.gzip;
    file.minified += row.minified;
    byFile.set(row.file, file);
  }
  const sorted = (values) => [...values].sort((a, b) => b.gzip - a.gzip);
  return { gzipBytes: total, files: sorted(byFile.values()), parts: sorted(rows.values()) };
}

