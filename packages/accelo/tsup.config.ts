import { defineConfig } from "tsup";
import { vendorBuild } from "../tsup.shared.js";

export default defineConfig(vendorBuild("src/index.gen.ts", { webhooks: "src/webhooks.gen.ts" }));
