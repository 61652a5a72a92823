// The /graph page's team-level view as an organization's teams grow: 10,000 services and
// 100,000 edges with BENCH_TEAMS teams each (default "100,1000,2000"), in process (no HTTP).
// For each: the team relations' read (findTeamGraphRows, cold), the whole view
// (getServiceGraph with view=teams, cold: aggregates, team graph, layout) and its payload,
// with the longest main-thread turn during each (monitorEventLoopDelay): that turn is what a
// deploy decision served by the same process would wait behind.
//
//   BENCH_DB=pglite npx tsx bench/team-view.bench.ts
//   TEST_DATABASE_URL=postgres://… npx tsx bench/team-view.bench.ts
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { findTeamGraphRows } from "@/server/graph/graph-aggregates.repository.ts";
import { GRAPH_TEAM_VIEW_MAX_EDGES } from "@/server/graph/graph.schemas.ts";
import { getServiceGraph } from "@/server/graph/get-service-graph.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { seedLargeOrganization, LARGE_ORGANIZATION_SERVICES } from "@/server/testing/seed-large-organization.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";

const KIND = process.env.BENCH_DB === "pglite" ? "pglite" : "postgres";
const TEAM_COUNTS = (process.env.BENCH_TEAMS ?? "100,1000,2000").split(",").map(Number);

/** Wall clock and the longest event-loop turn while `run` runs. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; loopMaxMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  histogram.disable();
  return { value, ms, loopMaxMs: histogram.max / 1e6 };
}

async function main(): Promise<void> {
  const db = await openTestDatabase(KIND);
  const rows: TBenchRow[] = [];
  try {
    for (const teams of TEAM_COUNTS) {
      const organization = await upsertOrganization(`teams-${teams}`, `Bench ${teams} teams`);
      const seedStarted = performance.now();
      await seedLargeOrganization(organization.id, LARGE_ORGANIZATION_SERVICES, teams);
      await getPrisma().$executeRawUnsafe("ANALYZE");
      console.log(`Seeded ${LARGE_ORGANIZATION_SERVICES} services in ${teams} teams on ${KIND} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
      const read = await timed(() => findTeamGraphRows(organization.id, GRAPH_TEAM_VIEW_MAX_EDGES));
      const view = await timed(() => getServiceGraph(organization.id, { depth: 2, view: "teams" }));
      const payloadKb = Buffer.byteLength(JSON.stringify(view.value)) / 1024;
      const load = os.loadavg()[0]?.toFixed(1);
      rows.push(
        benchRow({
          what: `${teams} teams: team relations read (cold)`,
          database: KIND,
          value: Math.round(read.ms),
          unit: "ms",
          note: `${read.value.edgeTotal} team relations, ${read.value.teams.length} team rows; longest main-thread turn ${read.loopMaxMs.toFixed(1)} ms; load ${load}`,
        }),
        benchRow({
          what: `${teams} teams: /graph team view (cold: aggregates, team graph, layout)`,
          database: KIND,
          value: Math.round(view.ms),
          unit: "ms",
          note: `${view.value?.nodes.length ?? 0} nodes, ${view.value?.edges.length ?? 0} edges, ${payloadKb.toFixed(0)} KB; longest main-thread turn ${view.loopMaxMs.toFixed(1)} ms`,
        }),
        benchRow({ what: `${teams} teams: longest main-thread turn in the team view`, database: KIND, value: Math.round(view.loopMaxMs * 10) / 10, unit: "ms", target: { op: "<=", value: 50 } }),
      );
    }
    printSummaryTable(`the team-level view as teams grow (${KIND})`, rows);
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
