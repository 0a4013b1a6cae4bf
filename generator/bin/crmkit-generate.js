#!/usr/bin/env node
// Thin shim so the bin exists at install time, before the generator is built.
import "../dist/cli.js";
