import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes every file or none: all contents are rendered before this is called, each goes to a temporary
 * sibling first, and only when all temporaries are written are they renamed into place. Files whose
 * content is unchanged are left alone (their mtimes too), which keeps watchers and caches quiet.
 */
export function writeFilesAtomically(dir: string, files: Map<string, string>): { written: string[]; unchanged: string[] } {
  const written: string[] = [];
  const unchanged: string[] = [];
  const staged: Array<{ temp: string; target: string }> = [];
  try {
    for (const [name, content] of files) {
      const target = join(dir, name);
      let current: string | undefined;
      try {
        current = readFileSync(target, "utf8");
      } catch {
        current = undefined;
      }
      if (current === content) {
        unchanged.push(name);
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, content);
      staged.push({ temp, target });
      written.push(name);
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, target } of staged) renameSync(temp, target);
  return { written, unchanged };
}
