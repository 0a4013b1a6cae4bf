import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The nearest folder at or above `from` that holds pnpm-workspace.yaml. */
export function findWorkspaceRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml at or above ${from}`);
    dir = parent;
  }
}
