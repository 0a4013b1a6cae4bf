import { execFile } from "node:child_process";
import { basename } from "node:path";

export interface RunResult {
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion (killed after `timeoutMs`); rejects with its exit status and output tail. */
export function run(
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        const ms = performance.now() - started;
        if (error) {
          const why = error.killed ? `killed after ${opts.timeoutMs} ms` : `exit ${error.code ?? error.signal}`;
          const tail = `${stderr}\n${stdout}`.trim().split("\n").slice(-8).join("\n");
          reject(new Error(`${basename(command)} ${args.join(" ")}: ${why}\n${tail}`));
        } else resolve({ stdout, stderr, ms });
      },
    );
  });
}

/** The npm on PATH (the one that ships with the Node running this test). */
export function npmCli(): string {
  return process.platform === "win32" ? "npm.cmd" : "npm";
}
