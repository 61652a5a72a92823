export type TPlumblineRole = "all" | "web" | "workers";

/**
 * How tests start Plumbline, in one place: today `tsx scripts/start.ts --role=…`. Switch it
 * here when the compiled production start exists, and every test that starts the product
 * (startTestApp, startPlumblineProcess) follows.
 */
export function plumblineCommand(role: TPlumblineRole): { file: string; args: string[] } {
  return { file: process.execPath, args: ["--import", "tsx", "scripts/start.ts", ...(role === "all" ? [] : [`--role=${role}`])] };
}
