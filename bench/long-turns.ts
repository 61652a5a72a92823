// Which event-loop turns were long, and why (see bench/long-turn-report.ts): the table the
// benches print from their server's output.

interface TTurn {
  at: number;
  wallMs: number;
  cpuMs: number;
  /** The main thread's time runnable but off a core in the turn (absent in older builds' lines, null off Linux). */
  waitMs?: number | null;
  gcMs: number;
  gc: string[];
  requests: string[];
  load1: number;
}
interface TGc {
  at: number;
  kind: "Scavenge" | "Mark-Compact" | "Minor Mark-Sweep";
  pauseMs: number;
  beforeMb: number;
  afterMb: number;
}

export interface TPhaseStart {
  name: string;
  /** ms since the server started (its performance.now()). */
  from: number;
}

/** The phases a bench printed as "<name> from +<s> s of the server". */
export function phasesIn(text: string): TPhaseStart[] {
  const phases: TPhaseStart[] = [];
  for (const line of text.split("\n")) {
    const phase = /^(.*) from \+([\d.]+) s of the server/.exec(line);
    if (phase?.[1] && phase[2]) phases.push({ name: phase[1], from: Number(phase[2]) * 1000 });
  }
  return phases;
}

/** Prints the table (and the longest turns) for the server's output, split at the phases' starts. */
export function printLongTurnReport(serverOutput: string, phaseStarts: readonly TPhaseStart[], top = 15): void {
  const phases = [...phaseStarts];
  const turns: TTurn[] = [];
  const gcs: TGc[] = [];
  for (const line of serverOutput.split("\n")) {
    if (line.startsWith("long-turn ")) turns.push(JSON.parse(line.slice("long-turn ".length)) as TTurn);
    const gc = /\]\s+(\d+) ms: (Scavenge|Mark-Compact|Minor Mark-Sweep)(?: \([^)]*\))? ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB, ([\d.]+) \//.exec(line);
    if (gc) gcs.push({ at: Number(gc[1]), kind: gc[2] as TGc["kind"], beforeMb: Number(gc[3]), afterMb: Number(gc[4]), pauseMs: Number(gc[5]) });
  }
  if (phases.length === 0) phases.push({ name: "whole run", from: 0 });

  const round = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : "-");
  console.log("| phase | turns ≥ 30 ms | turns ≥ 50 ms | longest ms | ≥ 50 ms with a GC pause ≥ 10 ms | ≥ 50 ms starved (CPU < ½ wall) | of those, mostly waiting for a core / mostly asleep | ≥ 50 ms neither | scavenges (total / longest ms) | mark-compacts (total / longest ms) | old generation growth MB/s | load average |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |");
  phases.forEach((phase, i) => {
    const to = phases[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    const inPhase = turns.filter((t) => t.at >= phase.from && t.at < to);
    const long = inPhase.filter((t) => t.wallMs >= 50);
    const gcPause = (t: TTurn) => t.gc.some((g) => Number(g.split(" ").at(-1)) >= 10);
    const starved = (t: TTurn) => t.cpuMs < t.wallMs / 2;
    // Of the time off a core, most runnable (another thread had the core) or most asleep (a lock, GC helpers waited for).
    const waitedForCore = (t: TTurn) => typeof t.waitMs === "number" && t.waitMs >= (t.wallMs - t.cpuMs) / 2;
    const starvedTurns = long.filter(starved);
    const splitStarved = starvedTurns.some((t) => typeof t.waitMs === "number") ? `${starvedTurns.filter(waitedForCore).length} / ${starvedTurns.filter((t) => !waitedForCore(t)).length}` : "-";
    const phaseGcs = gcs.filter((g) => g.at >= phase.from && g.at < Math.min(to, Number.MAX_SAFE_INTEGER));
    const describe = (kind: TGc["kind"]) => {
      const of = phaseGcs.filter((g) => g.kind === kind);
      return `${of.length} (${round(of.reduce((s, g) => s + g.pauseMs, 0))} / ${round(Math.max(0, ...of.map((g) => g.pauseMs)))})`;
    };
    // Promotion: the heap after each scavenge grows by what it promoted; mark-compacts reset it.
    const scavenges = phaseGcs.filter((g) => g.kind === "Scavenge");
    let promotedMb = 0;
    for (let s = 1; s < scavenges.length; s++) {
      const previous = scavenges[s - 1];
      const current = scavenges[s];
      const compacted = phaseGcs.some((g) => g.kind === "Mark-Compact" && previous && current && g.at > previous.at && g.at < current.at);
      if (previous && current && !compacted) promotedMb += Math.max(0, current.afterMb - previous.afterMb);
    }
    const spanS = scavenges.length > 1 ? ((scavenges.at(-1)?.at ?? 0) - (scavenges[0]?.at ?? 0)) / 1000 : Number.NaN;
    const loads = inPhase.map((t) => t.load1);
    console.log(
      `| ${phase.name} | ${inPhase.length} | ${long.length} | ${round(Math.max(0, ...inPhase.map((t) => t.wallMs)))} | ${long.filter(gcPause).length} | ${starvedTurns.length} | ${splitStarved} | ${long.filter((t) => !gcPause(t) && !starved(t)).length} | ` +
        `${describe("Scavenge")} | ${describe("Mark-Compact")} | ${round(promotedMb / spanS)} | ${loads.length ? `${Math.min(...loads)}–${Math.max(...loads)}` : "-"} |`,
    );
  });

  // The phases' turns only: start-up and warm-up (route bundles loading) come before the first phase.
  const firstFrom = phases[0]?.from ?? 0;
  const worst = turns.filter((t) => t.at >= firstFrom).sort((a, b) => b.wallMs - a.wallMs).slice(0, top);
  console.log("\nLongest turns in the phases (server time s, wall / CPU / waiting for a core / GC ms, GC events, requests in flight):");
  for (const t of worst) {
    const requests = [...new Set(t.requests)].slice(0, 6).join(", ");
    console.log(`  +${(t.at / 1000).toFixed(1)} s: ${t.wallMs} / ${t.cpuMs} / ${t.waitMs ?? "-"} / ${t.gcMs} ms; ${t.gc.join(", ") || "no GC"}; load ${t.load1}; ${requests || "no request"}`);
  }
}
