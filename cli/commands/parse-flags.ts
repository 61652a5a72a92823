import { parseArgs } from "node:util";

/**
 * `--name value`, `--name=value` and positional arguments, through Node's `util.parseArgs`.
 * Every known option takes a value; lenient (`strict: false`) so that a command can report
 * all that is wrong at once in its own words: an unknown option, or a known one left
 * without its value, shows up as `true`.
 */
export function parseFlags(args: readonly string[], known: readonly string[]): { positional: string[]; flags: Map<string, string | true> } {
  const options = Object.fromEntries(known.map((name) => [name, { type: "string" as const }]));
  const { values, positionals } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true });
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" || value === true) flags.set(name, value);
  }
  return { positional: positionals, flags };
}
