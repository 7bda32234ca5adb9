#!/usr/bin/env node
// The `stripe-connect-emulator` command. The package ships its TypeScript sources and runs them
// through tsx (a dependency), so there is no build step and nothing compiled to go stale:
// `npm ci` (or `npm i stripe-connect-emulator`) is all it takes. See README.md.
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();
createRequire(import.meta.url)("../src/main.ts");
