export type TPlumblineRole = "all" | "web" | "workers";

/**
 * How tests start Plumbline, in one place: `tsx scripts/start.ts --role=…` (builds the web
 * app when its sources changed), or with `compiled` the production start, `node dist/start.js`
 * (no TypeScript loader; needs a current build, see scripts/ensure-production-build.ts).
 */
export function plumblineCommand(role: TPlumblineRole, options: { compiled?: boolean } = {}): { file: string; args: string[] } {
  const roleArgs = role === "all" ? [] : [`--role=${role}`];
  if (options.compiled) return { file: process.execPath, args: ["dist/start.js", ...roleArgs] };
  return { file: process.execPath, args: ["--import", "tsx", "scripts/start.ts", ...roleArgs] };
}
