// Which event-loop turns were long, and why: reads a bench's output with the server's output
// (BENCH_SERVER_OUTPUT=1; the server prints `long-turn {...}` lines when PLUMBLINE_DEBUG_EVENT_LOOP
// is on, see server/diagnostics/long-turn-trace.ts, and V8's GC log with --trace-gc) and prints,
// per phase of the bench (its "… from +N s of the server" lines): how many turns took ≥ 30 and
// ≥ 50 ms, the longest, and for each turn ≥ 50 ms whether a GC pause of ≥ 10 ms overlapped it and
// whether the process was starved (used less than half the turn's wall clock in CPU: the OS ran
// other processes); then the GC events of the phase by kind (count, total and longest pause) and
// how fast the old generation grew between mark-compacts (what scavenges promoted).
//
//   BENCH_SERVER_OUTPUT=1 BENCH_NODE_ARGS=--trace-gc npx tsx bench/isolation.bench.ts > run.log
//   npx tsx bench/long-turn-report.ts run.log
import fs from "node:fs";
import { phasesIn, printLongTurnReport } from "./long-turns.ts";

const text = fs.readFileSync(process.argv[2] ?? "/dev/stdin", "utf8");
printLongTurnReport(text, phasesIn(text), Number(process.env.TOP ?? 15));
