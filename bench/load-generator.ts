// The load generator, run as its own process so the figures measure the server and not
// a bench sharing its event loop (DESIGN.md: benchmarks load from a separate process).
// Reads one JSON job from argv: { url, connections, duration, path?, method?, headers?,
// deployBody?: { services, seed } } and prints autocannon's summary as one JSON line.
//
//   node --import tsx bench/load-generator.ts '{"url":"http://127.0.0.1:3000/api/health","connections":10,"duration":15}'
//
// BENCH_LOAD_NICE=N (1-19) starts every load generator at that nice level (a job's own `nice`
// overrides it). On this 2-core machine the generators take a core's worth of CPU from the
// server they measure, and its event-loop delay then counts the time the kernel gave them; with
// clients on other machines, as in production, it would not. Benches print the level beside
// their figures; compare runs with and without it, never one against the other's targets alone.
// A niced generator runs in a session of its own and sets that session's autogroup nice too
// (/proc/self/autogroup): with sched_autogroup_enabled=1 the kernel first shares the cores
// between sessions as equals, and a plain nice value only weighs threads within one session,
// which is why `nice -n` alone changed nothing (server/diagnostics/README.md).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import autocannon from "autocannon";

export interface TLoadJob {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** POST /api/v1/deploy-requests bodies, a different service each time (svc-1 … svc-N, spread over the graph). */
  deployBodies?: { services: number };
  /** GET these paths in turn on each connection (mixed traffic); `url` gives the origin. */
  paths?: string[];
  /** autocannon's per-request timeout (default 10 s). */
  timeoutSeconds?: number;
  /** This generator's nice level (0-19; default BENCH_LOAD_NICE's): see the header. */
  nice?: number;
}

export interface TLoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
}

async function run(job: TLoadJob): Promise<TLoadResult> {
  let n = 0;
  const { deployBodies } = job;
  const mixed = job.paths?.map((path) => ({ method: "GET", path, headers: job.headers ?? {} }));
  const requests =
    mixed ??
    (deployBodies
    ? [
        {
          method: job.method ?? "POST",
          path: job.path ?? "/",
          headers: job.headers ?? {},
          setupRequest: (request: { body?: string }) => {
            n += 1;
            const service = `svc-${((n * 7919) % deployBodies.services) + 1}`;
            return { ...request, body: JSON.stringify({ service, environment: "production", version: `1.0.${n}`, requestedBy: "bench" }) };
          },
        },
      ]
    : undefined);
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    ...(job.timeoutSeconds ? { timeout: job.timeoutSeconds } : {}),
    ...(job.headers ? { headers: job.headers } : {}),
    ...(requests ? { requests } : {}),
  });
  return {
    perSecond: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    failed: result.non2xx + result.errors + result.timeouts,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count])),
  };
}

/** The nice level load generators start at (BENCH_LOAD_NICE, 0 when unset). */
export function loadGeneratorNice(): number {
  const raw = process.env.BENCH_LOAD_NICE;
  if (raw === undefined || raw === "") return 0;
  const level = Number(raw);
  if (!Number.isInteger(level) || level < 0 || level > 19) throw new Error(`BENCH_LOAD_NICE must be an integer from 0 to 19, not ${raw}`);
  return level;
}

/** For a summary table's title: the generators' nice level when it is not 0. */
export function loadGeneratorNiceNote(): string {
  const nice = loadGeneratorNice();
  return nice === 0 ? "" : `, load generators at nice ${nice}`;
}

/** Runs one job in a child process and returns its result. */
export function loadFromSeparateProcess(job: TLoadJob): Promise<TLoadResult> {
  return new Promise((resolve, reject) => {
    const nice = job.nice ?? loadGeneratorNice();
    const command = [process.execPath, "--import", "tsx", import.meta.filename, JSON.stringify({ ...job, nice })];
    const [file, ...args] = nice === 0 ? command : ["nice", "-n", String(nice), ...command];
    // Niced: its own session (setsid), so that its autogroup is its own to lower.
    const child = spawn(file ?? process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], detached: nice !== 0 });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`load generator exited ${code}: ${output.slice(-500)}`));
      else resolve(JSON.parse(line) as TLoadResult);
    });
  });
}

/** Lowers this process's session's share of the cores (Linux with autogroups; elsewhere nothing to do). */
function lowerAutogroup(nice: number): void {
  if (nice === 0 || !fs.existsSync("/proc/self/autogroup")) return;
  fs.writeFileSync("/proc/self/autogroup", String(nice));
  // The nice -n above already set the process's own; kept in step for a direct start.
  if (os.getPriority() < nice) os.setPriority(nice);
}

if (process.argv[1] === import.meta.filename) {
  const job = JSON.parse(process.argv[2] ?? "{}") as TLoadJob;
  lowerAutogroup(job.nice ?? 0);
  console.log(JSON.stringify(await run(job)));
}
