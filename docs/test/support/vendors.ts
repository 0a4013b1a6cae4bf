import { buildModel, loadDocument } from "@crmkit/generator";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { vendorFacts, type VendorFacts } from "../../src/facts.js";

const require = createRequire(import.meta.url);
export const SPECS_DIR = path.join(path.dirname(require.resolve("@crmkit/specs/package.json")), "dist");

/** The facts the site was built from, recomputed from the same bundled specs. */
export function allVendorFacts(): VendorFacts[] {
  const files = readdirSync(SPECS_DIR).filter((f) => f.endsWith(".json"));
  if (files.length === 0) throw new Error(`no bundled specs in ${SPECS_DIR}; build first`);
  return files.map((f) => {
    const slug = f.slice(0, -".json".length);
    const loaded = loadDocument(path.join(SPECS_DIR, f));
    return vendorFacts(slug, buildModel(loaded), loaded);
  });
}
