import { GATE_EXIT, runGateCommand } from "@/cli/commands/gate-command.ts";
import type { TGateEnvironment } from "@/cli/commands/parse-gate-args.ts";

export const STANDALONE_GATE_HELP = `plumbline-gate: ask Plumbline's deploy gate from CI (Node 18.3+, nothing to install)

usage: plumbline-gate [gate] --service S --env E --version V [--commit SHA] [--wait 30m]
                      [--url URL] [--token-env NAME] [--requested-by WHO] [--ci-url URL]
                      [--break-glass REASON] [--idempotency-key KEY]

  curl -fsSL "$PLUMBLINE_URL/cli/plumbline-gate.mjs" -o plumbline-gate.mjs
  node plumbline-gate.mjs --service payments --env production --version "$VERSION" --wait 30m

Prints the decision and its reasons and, while pending, waits (long-polls) for the owners'
approval. Server from --url or $PLUMBLINE_URL (default http://localhost:3000); token from
$PLUMBLINE_TOKEN (or the variable --token-env names). --commit, --requested-by and --ci-url
default from GitHub Actions' or GitLab CI's variables.

Exit codes: 0 approved, 2 rejected / expired / cancelled, 3 still pending after --wait, 1 error.`;

/**
 * The standalone client's command line: the same as `plumbline gate` (same parser, same
 * long-poll, same exit codes), with the word "gate" optional, so both
 * `plumbline-gate --service …` and `curl …/plumbline-gate.mjs | node - gate --service …` work.
 */
export function runStandaloneGate(argv: readonly string[], env: TGateEnvironment): Promise<number> {
  const args = argv[0] === "gate" ? argv.slice(1) : argv;
  if (args.length === 0 || args[0] === "help" || args.includes("--help") || args.includes("-h")) {
    console.log(STANDALONE_GATE_HELP);
    return Promise.resolve(args.length === 0 ? GATE_EXIT.error : GATE_EXIT.approved);
  }
  return runGateCommand(args, env);
}
