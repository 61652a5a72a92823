// Which synchronous work held the event loop: reads a V8 CPU profile (node --cpu-prof,
// e.g. from BENCH_CPU_PROF=DIR npx tsx bench/memory-soak.bench.ts) and lists every
// stretch of samples longer than a threshold in which the loop never went idle, with the
// functions that took the most of it (self time, and the deepest frame from our own code).
//
//   npx tsx bench/cpu-profile-long-tasks.ts DIR/CPU.*.cpuprofile [--min-ms 50] [--top 25] [--from S --to S]
import { readCpuProfile, type TCallFrame } from "./cpu-profile-format.ts";


const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const option = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? "") || fallback;
const MIN_MS = option("--min-ms", 50);
const TOP = option("--top", 25);
/** Only stretches that start inside [--from, --to] seconds of the profile (e.g. one phase of a bench). */
const FROM_S = option("--from", 0);
const TO_S = option("--to", Number.POSITIVE_INFINITY);
if (!file) throw new Error("usage: cpu-profile-long-tasks.ts FILE.cpuprofile [--min-ms 50] [--top 25]");

const profile = readCpuProfile(file);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

const IDLE = new Set(["(idle)", "(program)"]);
const short = (f: TCallFrame) => `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules\/)?/, "$1").slice(-60)}:${f.lineNumber + 1}`;
/** Our code: the server bundle and Next's compiled app chunks, not node_modules or Node's internals. */
const isOwn = (f: TCallFrame) => f.url !== "" && !f.url.includes("node_modules") && !f.url.startsWith("node:");

function ownFrameOf(id: number): string {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at);
    if (node && isOwn(node.callFrame)) return short(node.callFrame);
  }
  return "(no own frame)";
}

interface TTask {
  startMs: number;
  ms: number;
  self: Map<string, number>;
  own: Map<string, number>;
}
const tasks: TTask[] = [];
let current: TTask | null = null;
let clock = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i] ?? 0;
  clock += delta;
  const node = byId.get(profile.samples[i] ?? -1);
  if (!node) continue;
  if (IDLE.has(node.callFrame.functionName)) {
    if (current && current.ms >= MIN_MS) tasks.push(current);
    current = null;
    continue;
  }
  current ??= { startMs: (clock - profile.startTime) / 1000, ms: 0, self: new Map(), own: new Map() };
  const ms = (profile.timeDeltas[i + 1] ?? delta) / 1000;
  current.ms += ms;
  const self = short(node.callFrame);
  current.self.set(self, (current.self.get(self) ?? 0) + ms);
  const own = ownFrameOf(node.id);
  current.own.set(own, (current.own.get(own) ?? 0) + ms);
}
if (current && current.ms >= MIN_MS) tasks.push(current);
const inWindow = tasks.filter((t) => t.startMs / 1000 >= FROM_S && t.startMs / 1000 <= TO_S);
tasks.length = 0;
tasks.push(...inWindow);

const top = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(0)} ms ${k}`)
    .join("; ");

console.log(`${tasks.length} stretches ≥ ${MIN_MS} ms without going idle in ${((clock - profile.startTime) / 1e6).toFixed(0)} s of profile; longest first:\n`);
for (const task of [...tasks].sort((a, b) => b.ms - a.ms).slice(0, TOP)) {
  console.log(`${task.ms.toFixed(0)} ms at +${(task.startMs / 1000).toFixed(1)} s`);
  console.log(`   own code: ${top(task.own, 4)}`);
  console.log(`   self:     ${top(task.self, 4)}`);
}
const totals = new Map<string, number>();
for (const task of tasks) for (const [k, v] of task.own) totals.set(k, (totals.get(k) ?? 0) + v);
console.log(`\nOwn frames summed over all long stretches: ${top(totals, 15)}`);
