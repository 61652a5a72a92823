// How the gate reads the neighbourhood a decision needs (docs/adr/003-gate-neighbourhood.md):
// three ways measured on the same 10,000-service / 100,000-edge organization
// (bench/seed-gate-graph.ts), for 300 services spread over the graph, at depth 1 and 3:
//
// - hops:  one indexed query per hop (what the gate did before issue 16);
// - cte:   one recursive CTE (server/gate/gate.repository.ts, findInboundNeighbourhood);
// - cache: an in-memory adjacency map of every active edge, built once per organization
//          and invalidated whenever the graph changes (implemented here, for the comparison).
//
// All three must return the same edges for every service; the bench fails otherwise.
//
//   TEST_DATABASE_URL=postgres://… node --import tsx bench/gate-neighbourhood.bench.ts [pglite]
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getPrisma } from "@/server/db/client.ts";
import { findInboundNeighbourhood, type TInboundEdgeRow } from "@/server/gate/gate.repository.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { seedGateGraph, SERVICES } from "./seed-gate-graph.ts";

const SAMPLES = 300;
const kind = process.argv[2] === "pglite" ? "pglite" : "postgres";

async function byHops(organizationId: string, serviceId: string, depth: number): Promise<TInboundEdgeRow[]> {
  const rows: TInboundEdgeRow[] = [];
  const known = new Set([serviceId]);
  let frontier = [serviceId];
  for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    const found = await getPrisma().edge.findMany({
      where: { organizationId, calleeId: { in: frontier }, goneAt: null },
      select: { callerId: true, calleeId: true, requestRate: true, staleSince: true },
    });
    for (const edge of found) {
      rows.push({ callerId: edge.callerId, calleeId: edge.calleeId, requestRate: edge.requestRate, isStale: edge.staleSince !== null });
      if (edge.callerId !== null && !known.has(edge.callerId)) {
        known.add(edge.callerId);
        next.push(edge.callerId);
      }
    }
    frontier = next;
  }
  return rows;
}

/** The cache alternative: every active edge of the organization, by callee. */
async function buildAdjacency(organizationId: string): Promise<Map<string, TInboundEdgeRow[]>> {
  const edges = await getPrisma().edge.findMany({
    where: { organizationId, goneAt: null },
    select: { callerId: true, calleeId: true, requestRate: true, staleSince: true },
  });
  const byCallee = new Map<string, TInboundEdgeRow[]>();
  for (const edge of edges) {
    const list = byCallee.get(edge.calleeId) ?? [];
    list.push({ callerId: edge.callerId, calleeId: edge.calleeId, requestRate: edge.requestRate, isStale: edge.staleSince !== null });
    byCallee.set(edge.calleeId, list);
  }
  return byCallee;
}

function fromAdjacency(byCallee: Map<string, TInboundEdgeRow[]>, serviceId: string, depth: number): TInboundEdgeRow[] {
  const rows: TInboundEdgeRow[] = [];
  const known = new Set([serviceId]);
  let frontier = [serviceId];
  for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of byCallee.get(id) ?? []) {
        rows.push(edge);
        if (edge.callerId !== null && !known.has(edge.callerId)) {
          known.add(edge.callerId);
          next.push(edge.callerId);
        }
      }
    }
    frontier = next;
  }
  return rows;
}

const canonical = (rows: readonly TInboundEdgeRow[]) =>
  rows.map((r) => `${r.callerId}>${r.calleeId}:${r.requestRate}:${r.isStale}`).sort().join("\n");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const db = await openTestDatabase(kind);
  const rows: TBenchRow[] = [];
  try {
    const organization = await upsertOrganization("default", "Bench");
    await seedGateGraph(organization.id);
    await getPrisma().$executeRawUnsafe("ANALYZE");
    const services = await getPrisma().service.findMany({ where: { organizationId: organization.id }, select: { id: true }, orderBy: { slug: "asc" } });
    const sample = Array.from({ length: SAMPLES }, (_, i) => services[(i * 7919) % services.length]?.id ?? "");
    console.log(`gate neighbourhood bench on ${kind}: ${SERVICES} services, ${SAMPLES} decisions per strategy and depth`);

    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    let started = performance.now();
    let adjacency = await buildAdjacency(organization.id);
    const buildMs = performance.now() - started;
    loop.disable();
    const buildBlockMs = loop.max / 1e6;
    rows.push(
      benchRow({ what: "cache: build the adjacency map (on start and after every graph change)", database: kind, value: buildMs, unit: "ms", note: `longest event-loop block meanwhile ${buildBlockMs.toFixed(0)} ms; RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB` }),
    );

    for (const depth of [1, 3]) {
      const timings: Record<string, number[]> = { hops: [], cte: [], cache: [] };
      for (const id of sample) {
        started = performance.now();
        const hops = await byHops(organization.id, id, depth);
        timings["hops"]?.push(performance.now() - started);
        started = performance.now();
        const cte = await findInboundNeighbourhood(organization.id, id, depth);
        timings["cte"]?.push(performance.now() - started);
        started = performance.now();
        const cached = fromAdjacency(adjacency, id, depth);
        timings["cache"]?.push(performance.now() - started);
        if (canonical(hops) !== canonical(cte) || canonical(hops) !== canonical(cached)) {
          throw new Error(`strategies disagree for service ${id} at depth ${depth}: ${hops.length} / ${cte.length} / ${cached.length} edges`);
        }
      }
      for (const [strategy, values] of Object.entries(timings)) {
        rows.push(
          benchRow({
            what: `neighbourhood read, depth ${depth}, ${strategy}${strategy === "cache" ? " (warm)" : ""}`,
            database: kind,
            value: percentile(values, 50),
            unit: "ms",
            note: `p99 ${percentile(values, 99).toFixed(2)} ms, mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(2)} ms`,
          }),
        );
      }
    }
    // What keeping the cache right costs: a mesh round changes rates every 15 s, so the map is rebuilt (or patched) that often.
    await getPrisma().$executeRaw`UPDATE "Edge" SET "requestRate" = "requestRate" + 1 WHERE "organizationId" = ${organization.id}`;
    started = performance.now();
    adjacency = await buildAdjacency(organization.id);
    rows.push(benchRow({ what: "cache: rebuild after one mesh round", database: kind, value: performance.now() - started, unit: "ms", note: `${adjacency.size} callees` }));
  } finally {
    await db.close();
  }
  printSummaryTable("gate neighbourhood read", rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
