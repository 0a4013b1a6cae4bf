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
  const staged: Array<{ temp: string; target: string; previous: string | undefined }> = [];
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
      staged.push({ temp, target, previous: current });
      written.push(name);
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  const renamed: typeof staged = [];
  try {
    for (const entry of staged) {
      renameSync(entry.temp, entry.target);
      renamed.push(entry);
    }
  } catch (error) {
    // Put back what was already replaced, so a failure leaves the old set of files whole.
    for (const { target, previous } of renamed) {
      if (previous === undefined) rmSync(target, { force: true });
      else writeFileSync(target, previous);
    }
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  return { written, unchanged };
}
