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
// "Running" is what the profile's samples cover, which can overstate what the thread ran on a
// starved machine: a PGlite soak turn read 181 ms of samples in one function and 6.6 ms of
// main-thread CPU (/proc schedstat, the trace's cpuMs), so each turn prints both.
//
// The profile's clock is the monotonic clock in µs; the trace's is performance.now(). The
// trace prints their offset once (`long-turn-clock {…}`); for a log without it the offset is
// taken as the profile's start (profiling starts as the process does: off by a few ms).
import fs from "node:fs";
import { readCpuProfile, type TCpuProfile } from "./cpu-profile-format.ts";
import { phasesIn } from "./long-turns.ts";
import { attributeTurn, describeByUrl, runningMs, summarizeCauses, type TDescribeFrame, type TTurnCause } from "./long-turn-attribution.ts";
import { sourceMapOf } from "./chunk-source-maps.ts";

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

/** This repository's sources (scripts/start.ts is dist/start.js's). */
const OWN_SOURCE = /^(app|server|domain|integrations|workers|scripts|cli|packages)\//;
const described = new Map<string, ReturnType<TDescribeFrame>>();
const describe: TDescribeFrame = (f) => {
  const key = `${f.url}:${f.lineNumber}:${f.columnNumber ?? 0}:${f.functionName}`;
  let result = described.get(key);
  if (!result) {
    // Only our bundles' maps: a package's own map (pg-protocol's src/parser.ts) would read as ours.
    const found = f.url.startsWith("file:") && !f.url.includes("node_modules") ? sourceMapOf(f.url)?.findEntry(f.lineNumber, f.columnNumber ?? 0) : undefined;
    // Node 20's typings leave findEntry's answer loose: an empty object when nothing maps.
    const entry = found as { originalSource?: string; originalLine?: number } | undefined;
    const source = typeof entry?.originalSource === "string" ? decodeURIComponent(entry.originalSource).replace(/^(\.\.\/)+/, "").replace(/^\[project\]\//, "") : null;
    if (source !== null && typeof entry?.originalLine === "number") {
      const name = f.functionName || "(anonymous)";
      if (OWN_SOURCE.test(source)) result = { own: true, name: `${name} ${source}:${entry.originalLine + 1}` };
      else {
        // node_modules/<package>/…, webpack://next/…, turbopack:///[turbopack]/…, or a package's nested map (Prisma's runtime).
        const from = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? /^webpack:\/\/([^/]+)\//.exec(source)?.[1] ?? (source.startsWith("turbopack:") ? "turbopack" : source.split("/")[0]);
        result = { own: false, name: `${from}: ${name}` };
      }
    } else result = describeByUrl(f);
    described.set(key, result);
  }
  return result;
};
const phases = phasesIn(text);
const phaseOf = (at: number) => [...phases].reverse().find((p) => at >= p.from)?.name ?? "before the phases";

const causes: (TTurnCause & { phase: string; turn: TTurnLine })[] = [];
for (const turn of turns.filter((t) => t.wallMs >= MIN_MS)) {
  const fromUs = offsetUs + turn.at * 1000;
  const cause = attributeTurn(profile, fromUs, fromUs + turn.wallMs * 1000, describe);
  causes.push({ ...cause, phase: phaseOf(turn.at), turn });
}

const top = (m: Map<string, number>, n = 4) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join("; ");
const RUNNING_MS = 50;
/** A turn whose thread ran ≥ 50 ms: long on an idle machine too. Mostly GC, or mostly one piece of code. */
const ranLong = (c: TTurnCause) => runningMs(c) >= RUNNING_MS;
const dominant = (c: TTurnCause) => (c.gcMs >= runningMs(c) / 2 ? "GC" : "code");

console.log(`\nTurns ≥ ${MIN_MS} ms wall by phase, what the main thread's profile sampled in them (ms summed over the turns), and the turns in which the thread itself ran ≥ ${RUNNING_MS} ms:\n`);
console.log(`| phase | turns | wall ms | not sampled (thread not running) | GC | idle | ran ≥ ${RUNNING_MS} ms: turns (mostly GC / code) | deepest frame of ours, top | sampled frame, top |`);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
for (const phase of [...new Set(causes.map((c) => c.phase))]) {
  const of = causes.filter((c) => c.phase === phase);
  const summary = summarizeCauses(of);
  const long = of.filter(ranLong);
  console.log(
    `| ${phase} | ${of.length} | ${summary.wallMs.toFixed(0)} | ${summary.unsampledMs.toFixed(0)} | ${summary.gcMs.toFixed(0)} | ${summary.idleMs.toFixed(0)} | ` +
      `${long.length} (${long.filter((c) => dominant(c) === "GC").length} / ${long.filter((c) => dominant(c) === "code").length}) | ${top(summary.own)} | ${top(summary.leaf)} |`,
  );
}

const longest = causes.filter(ranLong).sort((a, b) => runningMs(b) - runningMs(a));
console.log(`\nTurns whose thread ran ≥ ${RUNNING_MS} ms, most running first (server s [phase] wall / running / GC ms, and the main thread's CPU in the turn from the trace; deepest frames of ours; sampled frames; requests in flight):`);
for (const c of longest.slice(0, TOP)) {
  console.log(
    `  +${(c.turn.at / 1000).toFixed(1)} s [${c.phase}] ${c.turn.wallMs} / ${runningMs(c).toFixed(0)} / ${c.gcMs.toFixed(0)} ms, CPU ${c.turn.cpuMs.toFixed(0)} ms; ours: ${top(c.own, 3) || "-"}; sampled: ${top(c.leaf, 3) || "-"}; ` +
      `${[...new Set(c.turn.requests)].slice(0, 4).join(", ") || "no request"}`,
  );
}
const allLong = summarizeCauses(longest.filter((c) => c.phase !== "before the phases"));
console.log(`\nSummed over those turns (phases only): running ${(allLong.wallMs - allLong.unsampledMs - allLong.idleMs).toFixed(0)} ms, GC ${allLong.gcMs.toFixed(0)} ms`);
console.log(`  deepest frames of ours: ${top(allLong.own, 12)}`);
console.log(`  sampled frames: ${top(allLong.leaf, 12)}`);
