// The embedded database's statement profile as benches read and print it
// (server/db/statement-time-profile.ts, served by /api/debug/event-loop?statements=…).
import type { TStatementTime, TStatementTimes } from "@/server/db/statement-time-profile.ts";

/** The profile since the last reset ("1"), or the same and a new start ("reset"); null on Postgres or an older build. */
export async function readStatementTimes(appUrl: string, mode: "1" | "reset"): Promise<TStatementTimes | null> {
  const response = await fetch(`${appUrl}/api/debug/event-loop?statements=${mode}`);
  return ((await response.json()) as { embeddedStatements?: TStatementTimes | null }).embeddedStatements ?? null;
}

const cell = (entry: TStatementTime) => `\`${entry.sql.replaceAll("|", "\\|").replaceAll("`", "'")}\``;

/** Prints the statements with the most time in sum, and with `longest`, those that held the database longest at once. */
export function printStatementTimes(times: TStatementTimes | null, over: string, options: { top?: number; longest?: number } = {}): void {
  if (!times) return;
  const seconds = times.sinceMs / 1000;
  console.log(
    `\nThe embedded database's time by statement ${over}: ${(times.totalMs / 1000).toFixed(1)} s in ${times.statements.toLocaleString("en-US")} statements over ${seconds.toFixed(0)} s (${((times.totalMs / times.sinceMs) * 100).toFixed(0)} % of the database thread's wall clock):\n`,
  );
  console.log("| share | total s | count | mean ms | max ms | statement |");
  console.log("| ---: | ---: | ---: | ---: | ---: | --- |");
  for (const entry of times.top.slice(0, options.top ?? 20)) {
    const share = ((entry.totalMs / times.totalMs) * 100).toFixed(1);
    console.log(`| ${share} % | ${(entry.totalMs / 1000).toFixed(2)} | ${entry.count} | ${(entry.totalMs / entry.count).toFixed(1)} | ${entry.maxMs.toFixed(0)} | ${cell(entry)} |`);
  }
  if (!options.longest || !times.longest) return;
  console.log(`\nThe statements that held the embedded database longest at once ${over} (a deploy decision can wait behind each):\n`);
  console.log("| max ms | mean ms | count | statement |");
  console.log("| ---: | ---: | ---: | --- |");
  for (const entry of times.longest.slice(0, options.longest)) {
    console.log(`| ${entry.maxMs.toFixed(0)} | ${(entry.totalMs / entry.count).toFixed(1)} | ${entry.count} | ${cell(entry)} |`);
  }
}
