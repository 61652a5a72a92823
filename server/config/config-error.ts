/**
 * The configuration is invalid: one line per variable, each naming it, what was wrong and
 * a valid example. `npm start` prints the message alone (no stack trace) and exits.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? (problems[0] ?? "") : `${problems.length} configuration problems:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}
