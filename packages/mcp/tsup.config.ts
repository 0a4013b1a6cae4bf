import { defineConfig } from "tsup";
import { packageBuild } from "../tsup.shared.js";

// Node only: it serves stdio and HTTP.
export default defineConfig({ ...packageBuild("src/index.ts"), platform: "node", target: "node20" });
