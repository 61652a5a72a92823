// Where a process's CPU went, from a V8 CPU profile (node --cpu-prof, e.g.
// BENCH_CPU_PROF=DIR npx tsx bench/deploy-gate.bench.ts): self time by function and by
// package/file, and total (inclusive) time of the functions that match a pattern, as ms
// and as a share of the non-idle samples.
//
//   npx tsx bench/cpu-profile-summary.ts DIR/CPU.*.cpuprofile [--top 40] [--match REGEX] [--from-s S --to-s S]
//
// --from-s/--to-s keep only that stretch of the profile (seconds from its start; one
// bench run, not the start-up): `--timeline` prints the busy ms of each second to find it.
import { readCpuProfile, type TCallFrame } from "./cpu-profile-format.ts";


const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith("--") && !(args[i - 1] ?? "").startsWith("--"));
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const TOP = Number(option("--top") ?? 40);
const MATCH = option("--match");
const FROM_S = Number(option("--from-s") ?? 0);
const TO_S = Number(option("--to-s") ?? Number.POSITIVE_INFINITY);
const TIMELINE = args.includes("--timeline");
const perSecond: number[] = [];
if (!file) throw new Error("usage: cpu-profile-summary.ts FILE.cpuprofile [--top 40] [--match REGEX]");

const profile = readCpuProfile(file);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

const IDLE = new Set(["(idle)", "(program)"]);
const where = (f: TCallFrame) => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1];
  if (pkg) return pkg;
  if (f.url.startsWith("node:")) return f.url;
  return f.url.replace(/^.*\//, "") || "(native)";
};
const name = (f: TCallFrame) => `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules\/)?/, "$1").slice(-70)}:${f.lineNumber + 1}`;

const self = new Map<string, number>();
const selfByPlace = new Map<string, number>();
const inclusive = new Map<string, number>();
let busy = 0;
let idle = 0;
let clock = 0;
for (let i = 0; i < profile.samples.length; i++) {
  clock += profile.timeDeltas[i] ?? 0;
  const second = Math.floor(clock / 1e6);
  if (second < FROM_S || second >= TO_S) continue;
  const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
  const node = byId.get(profile.samples[i] ?? -1);
  if (!node) continue;
  if (IDLE.has(node.callFrame.functionName)) {
    idle += ms;
    continue;
  }
  busy += ms;
  perSecond[second] = (perSecond[second] ?? 0) + ms;
  self.set(name(node.callFrame), (self.get(name(node.callFrame)) ?? 0) + ms);
  selfByPlace.set(where(node.callFrame), (selfByPlace.get(where(node.callFrame)) ?? 0) + ms);
  if (MATCH) {
    const seen = new Set<string>();
    for (let at: number | undefined = node.id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) continue;
      const key = name(frame);
      if (!seen.has(key) && new RegExp(MATCH).test(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
      seen.add(key);
    }
  }
}

const table = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(0).padStart(7)} ms ${((v / busy) * 100).toFixed(1).padStart(5)} %  ${k}`)
    .join("\n");

if (TIMELINE) console.log(`Busy ms per second: ${Array.from(perSecond, (ms, second) => `${second}:${Math.round(ms ?? 0)}`).join(" ")}\n`);
console.log(`busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms\n\nSelf time by package or file:\n${table(selfByPlace, 25)}\n\nSelf time by function:\n${table(self, TOP)}`);
if (MATCH) console.log(`\nTotal time (self and callees) of functions matching /${MATCH}/:\n${table(inclusive, TOP)}`);
