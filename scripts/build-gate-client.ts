// npm run build:gate: bundles the standalone gate client (cli/gate/plumbline-gate.ts) into
// packages/plumbline-gate/plumbline-gate.mjs. The file is committed; scripts/gate-client-bundle.test.ts
// fails when it is older than its sources.
import path from "node:path";
import { GATE_CLIENT_FILE, writeGateClient } from "./gate-client-bundle.ts";

const changed = await writeGateClient();
console.log(`${path.relative(process.cwd(), GATE_CLIENT_FILE)}: ${changed ? "rebuilt" : "up to date"}`);
