// How production runs the web role, read from the files that define it, so benches measure
// the same process: the runtime image's malloc settings (Dockerfile) and, on Postgres, the web
// Deployment's node options (the heap cap and semi-space size in deploy/kubernetes/base/web-deployment.yaml).
// PGlite runs as the image's CMD does (one process, with the CMD's heap cap). An
// `--enable-source-maps` there is forwarded too: until December 2026 production ran with it and
// the benches did not, and the maps it keeps loaded were 59.5 MB of the heap they did not see
// (server/diagnostics/README.md). Production now reads maps on demand instead (docs/adr/015);
// BENCH_NODE_ARGS=--enable-source-maps measures the old way.
import fs from "node:fs";
import { readDockerfileStage } from "@/scripts/dockerfile-stage.ts";

/** The node options of production's start that change how the process runs (the heap cap, the semi-space, the source maps). */
const PRODUCTION_NODE_OPTION = /^--max-(?:old|semi)-space-size=\d+$|^--enable-source-maps$/;

export function productionTuning(kind: "postgres" | "pglite"): { env: Record<string, string>; nodeArgs: string[] } {
  const imageEnv = Object.assign({}, ...readDockerfileStage("Dockerfile", "runtime").map((i) => (i.kind === "ENV" ? i.values : {}))) as Record<string, string>;
  const env = Object.fromEntries(Object.entries(imageEnv).filter(([key]) => key.startsWith("MALLOC_")));
  if (kind === "pglite") {
    const cmd = readDockerfileStage("Dockerfile", "runtime").find((i) => i.kind === "CMD");
    return { env, nodeArgs: cmd?.kind === "CMD" ? cmd.argv.filter((a) => PRODUCTION_NODE_OPTION.test(a)) : [] };
  }
  const web = fs.readFileSync("deploy/kubernetes/base/web-deployment.yaml", "utf8");
  const nodeArgs = /command: \[(.*)\]/.exec(web)?.[1]?.match(/"--[a-z-]+(?:=\d+)?"/g)?.map((a) => a.slice(1, -1)).filter((a) => PRODUCTION_NODE_OPTION.test(a)) ?? [];
  return { env, nodeArgs };
}
