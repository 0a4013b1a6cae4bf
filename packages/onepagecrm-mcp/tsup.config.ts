import { defineConfig } from "tsup";
import { mcpServerBuild } from "../tsup.shared.js";

export default defineConfig(mcpServerBuild());
