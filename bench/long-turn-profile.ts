// What ran in each long event-loop turn: matches the server's `long-turn {…}` lines
// (server/diagnostics/long-turn-trace.ts) with the main thread's V8 CPU profile of the same run
// (node --cpu-prof) and puts each turn of ≥ --min-ms down to what the profile sampled inside it:
// garbage collection ("(garbage collector)" samples), a function of ours (the deepest frame
// outside node_modules and Node's internals), a library's function when none of ours is on
// the stack, or nothing sampled at all (the thread was not running: the OS ran other
// processes, so the sampler did not tick either). Long turns are what issue 16 caps at 50 ms;
// this says which code they were, next to bench/long-turns.ts's GC/starvation counts.
//
//   SOAK_MINUTES=2 BENCH_CPU_PROF=/tmp/prof BENCH_SERVER_OUTPUT=1 npx tsx bench/memory-soak.bench.ts > run.log
//   npx tsx bench/long-turn-profile.ts run.log /tmp/prof/CPU.<main thread>.cpuprofile [--min-ms 50] [--top 20]
//
// The profile's clock is the monotonic clock in µs; the trace's is performance.now(). The
// trace prints their offset once (`long-turn-clock {…}`); for a log without it the offset is
// taken as the profile's start (profiling starts as the process does: off by a few ms).
import fs from "node:fs";
import { readCpuProfile, type TCallFrame, type TCpuProfile } from "./cpu-profile-format.ts";
import { phasesIn } from "./long-turns.ts";
import { attributeTurn, summarizeCauses, type TTurnCause } from "./long-turn-attribution.ts";

const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const MIN_MS = option("--min-ms", 50);
const TOP = option("--top", 20);
const [logFile, profileFile] = files;
if (!logFile || !profileFile) throw new Error("usage: long-turn-profile.ts RUN.log MAIN.cpuprofile [--min-ms 50] [--top 20]");

interface TTurnLine {
  at: number;
  wallMs: number;
  cpuMs: number;
  gcMs: number;
  requests: string[];
}

const text = fs.readFileSync(logFile, "utf8");
const turns: TTurnLine[] = [];
let clockOffsetUs: number | null = null;
for (const line of text.split("\n")) {
  if (line.startsWith("long-turn ")) turns.push(JSON.parse(line.slice("long-turn ".length)) as TTurnLine);
  if (line.startsWith("long-turn-clock ")) clockOffsetUs = (JSON.parse(line.slice("long-turn-clock ".length)) as { monotonicUsAtZero: number }).monotonicUsAtZero;
}
const profile: TCpuProfile = readCpuProfile(profileFile);
const offsetUs = clockOffsetUs ?? profile.startTime;
console.log(`${turns.length} long-turn lines; clock ${clockOffsetUs === null ? "assumed from the profile's start (no long-turn-clock line)" : "from the trace's long-turn-clock line"}`);

const short = (f: TCallFrame) => `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules\/)?/, "$1").slice(-60)}:${f.lineNumber + 1}`;
const phases = phasesIn(text);
const phaseOf = (at: number) => [...phases].reverse().find((p) => at >= p.from)?.name ?? "before the phases";

const causes: (TTurnCause & { phase: string; turn: TTurnLine })[] = [];
for (const turn of turns.filter((t) => t.wallMs >= MIN_MS)) {
  const fromUs = offsetUs + turn.at * 1000;
  const cause = attributeTurn(profile, fromUs, fromUs + turn.wallMs * 1000, short);
  causes.push({ ...cause, phase: phaseOf(turn.at), turn });
}

console.log(`\nTurns ≥ ${MIN_MS} ms by phase and what the main thread's profile sampled in them (ms summed over the turns):\n`);
console.log("| phase | turns | wall ms | not sampled (thread not running) | GC | idle in the turn | our code, top | libraries, top (no frame of ours) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
for (const phase of [...new Set(causes.map((c) => c.phase))]) {
  const of = causes.filter((c) => c.phase === phase);
  const summary = summarizeCauses(of);
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join("; ");
  console.log(
    `| ${phase} | ${of.length} | ${summary.wallMs.toFixed(0)} | ${summary.unsampledMs.toFixed(0)} | ${summary.gcMs.toFixed(0)} | ${summary.idleMs.toFixed(0)} | ${top(summary.own)} | ${top(summary.library)} |`,
  );
}

console.log(`\nLongest turns (server s: wall / CPU ms; sampled: GC, the top frames of ours, else libraries; requests in flight):`);
for (const c of [...causes].sort((a, b) => b.turn.wallMs - a.turn.wallMs).slice(0, TOP)) {
  const own = [...c.own.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(0)}`);
  const lib = [...c.library.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k, v]) => `${k} ${v.toFixed(0)}`);
  console.log(
    `  +${(c.turn.at / 1000).toFixed(1)} s [${c.phase}] ${c.turn.wallMs} / ${c.turn.cpuMs} ms: not sampled ${c.unsampledMs.toFixed(0)}, GC ${c.gcMs.toFixed(0)}, idle ${c.idleMs.toFixed(0)}; ` +
      `ours: ${own.join(", ") || "-"}; libraries: ${lib.join(", ") || "-"}; ${[...new Set(c.turn.requests)].slice(0, 4).join(", ") || "no request"}`,
  );
}
