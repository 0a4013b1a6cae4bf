import { defineConfig } from "tsup";
import { packageBuild } from "../tsup.shared.js";

export default defineConfig(packageBuild("src/index.gen.ts", { webhooks: "src/webhooks.gen.ts" }));
