// The load generator, run as its own process so the figures measure the server and not
// a bench sharing its event loop (DESIGN.md: benchmarks load from a separate process).
// Reads one JSON job from argv: { url, connections, duration, path?, method?, headers?,
// deployBody?: { services, seed } } and prints autocannon's summary as one JSON line.
//
//   node --import tsx bench/load-generator.ts '{"url":"http://127.0.0.1:3000/api/health","connections":10,"duration":15}'
//
// BENCH_LOAD_NICE=N (1-19) starts every load generator at that nice level. On this 2-core
// machine the generators take a core's worth of CPU from the server they measure, and its
// event-loop delay then counts the time the kernel gave them; with clients on other machines,
// as in production, it would not. Benches print the level beside their figures; compare runs
// with and without it, never one against the other's targets alone.
import { spawn } from "node:child_process";
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
    const command = [process.execPath, "--import", "tsx", import.meta.filename, JSON.stringify(job)];
    const nice = loadGeneratorNice();
    const [file, ...args] = nice === 0 ? command : ["nice", "-n", String(nice), ...command];
    const child = spawn(file ?? process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
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

if (process.argv[1] === import.meta.filename) {
  const job = JSON.parse(process.argv[2] ?? "{}") as TLoadJob;
  console.log(JSON.stringify(await run(job)));
}
