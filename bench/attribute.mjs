// Counts the compiler's type instantiations per step of each call in a consumer (resolving the call,
// typing it, awaiting it, reading the result), with the TypeScript API: what the typecheck section's
// analysis of field selection quotes.
import { createRequire } from "node:module";
import { join } from "node:path";

const ts = createRequire(import.meta.url)("typescript");

/** Totals per step over the awaited calls of `file` (a `const r = await client.x.y(...)` then `seen.push(...)` pattern). */
export function attributeInstantiations(fixturesDir, file) {
  const config = ts.getParsedCommandLineOfConfigFile(join(fixturesDir, "tsconfig.base.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
  const program = ts.createProgram([join(fixturesDir, file)], config.options);
  const checker = program.getTypeChecker();
  const count = () => checker.getInstantiationCount();
  const steps = { calls: 0, resolve: 0, type: 0, await: 0, reads: 0 };
  const visit = (node) => {
    if (ts.isVariableStatement(node)) {
      const init = node.declarationList.declarations[0]?.initializer;
      if (init && ts.isAwaitExpression(init) && ts.isCallExpression(init.expression)) {
        const a = count();
        checker.getResolvedSignature(init.expression);
        const b = count();
        checker.getTypeAtLocation(init.expression);
        const c = count();
        checker.getTypeAtLocation(init);
        steps.calls++;
        steps.resolve += b - a;
        steps.type += c - b;
        steps.await += count() - c;
      }
    } else if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression) && steps.calls > 0) {
      const a = count();
      for (const arg of node.expression.arguments) checker.getTypeAtLocation(arg);
      steps.reads += count() - a;
    }
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(join(fixturesDir, file)));
  const diagnostics = ts.getPreEmitDiagnostics(program).length;
  if (diagnostics) throw new Error(`attribute: ${file} has ${diagnostics} diagnostics`);
  return steps;
}
