import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

/** types.ts is compiled with this package's settings on its own, so its checks count even when another file fails. */
it("types dates as Date with dates on and as sent with them off (types.ts compiles)", async () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const project = fileURLToPath(new URL("./tsconfig.types.json", import.meta.url));
  const result = await promisify(execFile)(process.execPath, [tsc, "-p", project, "--noEmit"]).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code?: number; stdout?: string; message: string }) => ({ code: error.code ?? 1, output: error.stdout || error.message }),
  );
  expect(result).toEqual({ code: 0, output: "" });
}, 120_000);
