import { SpecError } from "./errors.js";
import { runSpecsCommand } from "./specs/commands.js";
import { mirrorFromEnv } from "./specs/sources.js";

/** `crmkit-specs`: bundle, diff and update specs (see `crmkit-specs --help`). */
runSpecsCommand(process.argv.slice(2), {
  cwd: process.cwd(),
  userCwd: process.env.INIT_CWD,
  mirror: mirrorFromEnv(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`crmkit-specs: ${error instanceof SpecError || error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
