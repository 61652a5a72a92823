// The standalone gate client's entry point, bundled by scripts/build-gate-client.ts into
// packages/plumbline-gate/plumbline-gate.mjs (one file, Node's standard library only). It
// runs in CI images outside Plumbline, so it reads its environment itself: process.env is
// allowed in this one file (server/config/README.md, "Who else may read process.env").
import { runStandaloneGate } from "./run-standalone-gate.ts";

runStandaloneGate(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`plumbline-gate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
