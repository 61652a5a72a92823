// The GitHub Action's entry point, bundled by scripts/gate-client-bundle.ts into
// integrations/github/action/dist/plumbline-gate-action.mjs (Node's standard library only).
// It runs on GitHub's runners, configured by the step's environment (INPUT_*, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, PLUMBLINE_URL, PLUMBLINE_TOKEN): process.env is allowed in this one file.
import { runGateAction } from "./run-gate-action.ts";

runGateAction(process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`plumbline-gate action: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
