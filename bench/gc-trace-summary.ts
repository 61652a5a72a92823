// The main thread's garbage collections in a saved bench log (a server run with
// BENCH_NODE_ARGS=--trace-gc and BENCH_SERVER_OUTPUT=1), to compare V8 options run by run:
// scavenges and mark-compacts per phase with their pauses (the atomic pause V8 reports, wall
// clock), the incremental-marking steps the main thread ran before each mark-compact (their
// total and the biggest: a step runs inside a request's turn too), and the heap after each
// mark-compact (used and committed MB). Worker threads (the graph export's) print their own
// isolate's lines; only the main thread's (the first isolate to collect) are counted.
//
//   npx tsx bench/gc-trace-summary.ts RUN.log [RUN2.log ...]
import fs from "node:fs";
import { phasesIn } from "./long-turns.ts";

const LINE = /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: (Scavenge|Mark-Compact)(?: \([^)]*\))? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, ([\d.]+) \/ [\d.]+ ms(.*)$/;
const STEPS = /\+ ([\d.]+) ms in (\d+) steps since start of marking, biggest step ([\d.]+) ms/;

interface TGc {
  at: number;
  kind: string;
  pauseMs: number;
  afterMb: number;
  committedMb: number;
  stepsMs: number;
  biggestStepMs: number;
  reason: string;
}

function parse(text: string): TGc[] {
  let main: string | null = null;
  const gcs: TGc[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    main ??= m[1] ?? null;
    if (m[1] !== main) continue;
    const steps = STEPS.exec(m[9] ?? "");
    gcs.push({
      at: Number(m[2]),
      kind: m[3] ?? "",
      pauseMs: Number(m[8]),
      afterMb: Number(m[6]),
      committedMb: Number(m[7]),
      stepsMs: steps ? Number(steps[1]) : 0,
      biggestStepMs: steps ? Number(steps[3]) : 0,
      reason: (m[9] ?? "").replace(/\(average mu[^)]*\)/, "").replace(/\([^)]*steps since start of marking[^)]*\)/, "").trim(),
    });
  }
  return gcs;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN);
};
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");

for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  const gcs = parse(text);
  // The benches print phase starts in ms since the server started; --trace-gc counts from the isolate's start (a few ms later).
  const phases = phasesIn(text);
  if (phases.length === 0) phases.push({ name: "whole run", from: 0 });
  console.log(`\n${file}\n`);
  console.log("| phase | scavenges: count / total / median / longest ms | mark-compacts: count / median / longest atomic pause ms | incremental marking on the main thread: total / biggest step ms | heap after mark-compact: used / committed MB (last) |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  phases.forEach((phase, i) => {
    const to = phases[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    const inPhase = gcs.filter((g) => g.at >= phase.from && g.at < to);
    const scavenges = inPhase.filter((g) => g.kind === "Scavenge");
    const marks = inPhase.filter((g) => g.kind === "Mark-Compact");
    const last = marks.at(-1);
    console.log(
      `| ${phase.name} | ${scavenges.length} / ${f(scavenges.reduce((s, g) => s + g.pauseMs, 0))} / ${f(median(scavenges.map((g) => g.pauseMs)))} / ${f(Math.max(0, ...scavenges.map((g) => g.pauseMs)))} | ` +
        `${marks.length} / ${f(median(marks.map((g) => g.pauseMs)))} / ${f(Math.max(0, ...marks.map((g) => g.pauseMs)))} | ` +
        `${f(marks.reduce((s, g) => s + g.stepsMs, 0))} / ${f(Math.max(0, ...marks.map((g) => g.biggestStepMs)))} | ${last ? `${f(last.afterMb)} / ${f(last.committedMb)}` : "-"} |`,
    );
  });
  console.log("\nMark-compacts (at s: atomic pause ms; incremental steps total / biggest ms; heap after MB (committed); reason):");
  for (const g of gcs.filter((x) => x.kind === "Mark-Compact")) console.log(`  +${(g.at / 1000).toFixed(1)} s: ${f(g.pauseMs)}; ${f(g.stepsMs)} / ${f(g.biggestStepMs)}; ${f(g.afterMb)} (${f(g.committedMb)}); ${g.reason}`);
}
