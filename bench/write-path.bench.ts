// The write path at scale, in one run and one summary table (issue 16): Backstage import
// and unchanged re-import of 10,000 components × 10 dependsOn (Postgres and PGlite), a
// mesh ingest cycle at 10,000 services (Postgres), SLO evaluation of 10,000 SLOs
// (Postgres) and a Kubernetes initial sync of 20,000 workloads (PGlite). Each bench runs
// in its own process (so one's heap and database do not slow the next) and reports its
// rows (bench/bench-summary.ts); this one prints them together.
//
//   BENCH_DATABASE_URL=postgres://…/scratch node --import tsx bench/write-path.bench.ts [--only import,ingest,slo,k8s]
//
// BENCH_DATABASE_URL must name a scratch database (benches create organizations in it).
import { spawn } from "node:child_process";
import os from "node:os";
import { parseBenchRows, printSummaryTable, type TBenchRow } from "./bench-summary.ts";

const url = process.env.BENCH_DATABASE_URL;
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? "").split(",")) : null;

interface TChildBench {
  id: string;
  file: string;
  args: string[];
  env: Record<string, string>;
}

const benches: TChildBench[] = [
  { id: "import", file: "bench/catalog-import.bench.ts", args: ["10000"], env: {} },
  ...(url ? [{ id: "import", file: "bench/catalog-import.bench.ts", args: ["10000"], env: { BENCH_DATABASE_URL: url } }] : []),
  ...(url ? [{ id: "ingest", file: "bench/mesh-ingest.bench.ts", args: [], env: { BENCH_DATABASE_URL: url } }] : []),
  ...(url ? [{ id: "slo", file: "bench/slo-evaluation.bench.ts", args: ["--slos", "10000"], env: { DATABASE_URL: url } }] : []),
  { id: "k8s", file: "bench/kubernetes-initial-sync.bench.ts", args: ["20000", "500"], env: {} },
];

function runChild(bench: TChildBench): Promise<TBenchRow[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", bench.file, ...bench.args], {
      env: { ...process.env, ...bench.env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.once("exit", (code) => {
      const rows = parseBenchRows(output);
      if (code !== 0) rows.push({ what: `${bench.file} ${bench.args.join(" ")} failed (exit ${code})`, database: bench.env["BENCH_DATABASE_URL"] || bench.env["DATABASE_URL"] ? "postgres" : "pglite", value: 0, unit: "s" });
      resolve(rows);
    });
  });
}

const rows: TBenchRow[] = [];
if (!url) console.log("BENCH_DATABASE_URL not set: only the PGlite benches run.");
for (const bench of benches) {
  if (only && !only.has(bench.id)) continue;
  rows.push(...(await runChild(bench)));
}
printSummaryTable(`write path (${os.cpus().length} CPUs, load average now ${os.loadavg()[0]?.toFixed(1)})`, rows);
