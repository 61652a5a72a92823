// npm run build:gate: bundles the standalone gate client (cli/gate/plumbline-gate.ts) into
// packages/plumbline-gate/plumbline-gate.mjs and the GitHub Action (integrations/github/action/src)
// into its dist/. The files are committed; scripts/gate-client-bundle.test.ts fails when one
// is older than its sources.
import path from "node:path";
import { GATE_BUNDLES, writeGateBundles } from "./gate-client-bundle.ts";

const changed = new Set(await writeGateBundles());
for (const bundle of GATE_BUNDLES) console.log(`${path.relative(process.cwd(), bundle.file)}: ${changed.has(bundle.file) ? "rebuilt" : "up to date"}`);
