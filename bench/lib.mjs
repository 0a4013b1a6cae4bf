// Helpers shared by the bench sections: statistics, paths, running a section in its own process.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT_DIR = join(BENCH_DIR, "..");
export const SPECS_DIR = join(ROOT_DIR, "specs", "dist");
export const VENDORS = ["onepagecrm", "wealthbox", "proworkflow", "accelo"];

export function median(values) {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (value, digits = 3) => Number(value.toFixed(digits));

/** Runs a command to completion; resolves with its output, rejects with it when the exit code is not 0. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
    });
  });
}

/**
 * A section is a script that measures one thing in a fresh process (so one section's heap and JIT state
 * cannot colour another's) and prints its result as JSON on its last stdout line.
 */
export async function runSection(script, nodeFlags = []) {
  const { stdout } = await run(process.execPath, [...nodeFlags, join(BENCH_DIR, script)], { cwd: BENCH_DIR, stdio: ["ignore", "pipe", "inherit"] });
  const lastLine = stdout.trim().split("\n").pop();
  return JSON.parse(lastLine);
}

/** Progress goes to stderr so that stdout carries only the section's JSON. */
export const log = (message) => process.stderr.write(`  ${message}\n`);

/** Starts server.mjs in a child process; resolves with its base URL and a stop function. */
export async function startServer(env = {}) {
  const { fork } = await import("node:child_process");
  const child = fork(join(BENCH_DIR, "server.mjs"), [], { execArgv: [], env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the loopback server did not start within 10 s")), 10_000);
    child.once("message", (message) => (clearTimeout(timer), resolve(message.port)));
    child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`the loopback server exited with ${code}`))));
  });
  const stop = () =>
    new Promise((resolve) => {
      child.once("exit", resolve);
      child.disconnect();
    });
  return { baseUrl: `http://127.0.0.1:${port}`, stop };
}
