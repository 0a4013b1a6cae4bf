import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/** What a receiver ships: bundle `import { parseWebhook } from "<package>/webhooks"` as an app would. */
async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    minify: true,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("the webhooks entry points", () => {
  for (const vendor of ["accelo", "onepagecrm", "proworkflow"]) {
    it(`@crmkit/${vendor}/webhooks bundles without the client`, async () => {
      const receiver = await bundle(`import { parseWebhook, fromNodeRequest } from "@crmkit/${vendor}/webhooks"; export { parseWebhook, fromNodeRequest };`);
      const client = await bundle(`export * from "@crmkit/${vendor}";`);
      // The client's request machinery (openapi-fetch, the transport's retry loop) is not in the receiver.
      expect(receiver).not.toMatch(/querySerializer|Retry-After/);
      expect(client).toMatch(/querySerializer/);
      expect(receiver.length).toBeLessThan(16_000);
      console.log(`${vendor}/webhooks: ${receiver.length} bytes minified (the whole client: ${client.length})`);
    }, 60_000);
  }
});
