import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdgeSample } from "@/domain/telemetry/telemetry-types.ts";
import { getPrisma } from "@/server/db/client.ts";
import { ingestMeshTelemetry } from "@/server/telemetry/ingest-mesh-telemetry.ts";
import { importMeshTestCatalog, insertTestWorkloads, meshTestSnapshot, ScriptedTelemetrySource } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { GRAPH_NODE_HEIGHT, GRAPH_NODE_WIDTH } from "@/domain/graph/layout-service-graph.ts";
import { getServiceGraph } from "./get-service-graph.ts";

const w = (name: string) => ({ namespace: "shop", name });
const edge = (caller: string | null, callee: string, rate: number): EdgeSample => ({
  callerWorkload: caller ? w(caller) : null,
  calleeWorkload: w(callee),
  requestRate: rate,
  successRatio: 0.999,
  latencyP50Ms: 5,
  latencyP95Ms: 20,
  latencyP99Ms: 40,
});

describe.each(TEST_DATABASE_KINDS)("service graph on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("graph-org", "Graph Org");
    other = await upsertOrganization("graph-other", "Other");
    const services = ["web", "gateway", "cart", "payments", "search"].map((slug) => ({ slug, team: "shop" }));
    // gateway → search is declared but never observed; cart → payments both.
    await importMeshTestCatalog(org.id, meshTestSnapshot(services, [["gateway", "search"], ["cart", "payments"]]));
    await importMeshTestCatalog(other.id, meshTestSnapshot(services, [["payments", "web"]]));
    const source = new ScriptedTelemetrySource();
    source.edges = [edge(null, "web", 100), edge("web", "gateway", 90), edge("gateway", "cart", 40), edge("cart", "payments", 20)];
    await ingestMeshTelemetry(org.id, source, new Date(), { windows: ["5m"] });
    const cart = await getPrisma().service.findUniqueOrThrow({ where: { organizationId_slug: { organizationId: org.id, slug: "cart" } }, select: { id: true } });
    await getPrisma().slo.create({ data: { organizationId: org.id, serviceId: cart.id, name: "availability", kind: "availability", objective: 99.9, status: "at_risk" } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("draws every service, merged edges with their source, the outside callers, laid out left to right", async () => {
    const graph = await getServiceGraph(org.id, { depth: 2 });
    if (!graph) throw new Error("no graph");
    expect(graph.nodes.map((n) => n.id)).toEqual(["cart", "gateway", "payments", "search", "web", "~outside"]);
    // Dependencies as home counts them: service → service pairs; the outside callers' traffic is not one.
    expect(graph.totals).toEqual({ services: 5, edges: 4 });
    expect(graph.edges.find((e) => e.id === "cart->payments")).toMatchObject({ isObserved: true, isDeclared: true, requestRate: 20 });
    expect(graph.edges.find((e) => e.id === "gateway->search")).toMatchObject({ isObserved: false, isDeclared: true, requestRate: null });
    expect(graph.nodes.find((n) => n.id === "cart")).toMatchObject({ sloStatus: "at_risk", inboundRate: 40 });
    expect(graph.nodes.find((n) => n.id === "web")?.sloStatus).toBeNull();
    const x = (id: string) => graph.nodes.find((n) => n.id === id)?.x ?? Number.NaN;
    expect(x("~outside")).toBeLessThan(x("web"));
    expect(x("web")).toBeLessThan(x("gateway"));
    expect(x("gateway")).toBeLessThan(x("cart"));
    expect(graph.maxRequestRate).toBe(100);
    expect(graph.isStale).toBe(false);
  });

  it("shapes each node as its model, its count of services (team nodes only) and its place and size, with no other key", async () => {
    const graph = await getServiceGraph(org.id, { depth: 2 });
    expect(graph?.nodes.find((n) => n.id === "cart")).toStrictEqual({
      id: "cart",
      kind: "service",
      slug: "cart",
      name: expect.any(String),
      tier: expect.toBeOneOf([null, expect.any(Number)]),
      ownerTeam: { slug: "shop", name: expect.any(String) },
      sloStatus: "at_risk",
      inboundRate: 40,
      namespace: expect.toBeOneOf([null, expect.any(String)]),
      x: expect.any(Number),
      y: expect.any(Number),
      width: GRAPH_NODE_WIDTH,
      height: GRAPH_NODE_HEIGHT,
    });
    const teams = await getServiceGraph(org.id, { depth: 2, view: "teams" });
    const shop = teams?.nodes.find((n) => n.slug === "shop");
    expect(shop).toMatchObject({ kind: "team", serviceCount: 5, width: GRAPH_NODE_WIDTH, height: GRAPH_NODE_HEIGHT });
    expect(Object.keys(shop ?? {})).not.toContain("openIncidents");
  });

  it("focuses on a neighbourhood, and answers null for a service it does not know", async () => {
    const focused = await getServiceGraph(org.id, { focus: "cart", depth: 1 });
    expect(focused?.nodes.map((n) => n.id)).toEqual(["cart", "gateway", "payments"]);
    expect(focused?.focus).toBe("cart");
    expect(focused?.totals.services).toBe(5);
    expect(await getServiceGraph(org.id, { focus: "nope", depth: 2 })).toBeNull();
  });

  it("names each service's namespace for grouping: its live workloads' first by name, none when only deleted ones", async () => {
    await insertTestWorkloads(org.id, [
      { namespace: "shop", name: "cart", serviceSlug: "cart" },
      { namespace: "billing", name: "cart-billing", serviceSlug: "cart" },
      { namespace: "payments", name: "payments", serviceSlug: "payments" },
    ]);
    await getPrisma().workload.updateMany({ where: { organizationId: org.id, name: "payments" }, data: { deletedAt: new Date() } });
    const graph = await getServiceGraph(org.id, { focus: "cart", depth: 1 });
    const namespace = (id: string) => graph?.nodes.find((n) => n.id === id)?.namespace;
    expect(namespace("cart")).toBe("billing");
    expect(namespace("payments")).toBeNull();
    expect(namespace("gateway")).toBeNull();
  });

  it("keeps organizations apart", async () => {
    const graph = await getServiceGraph(other.id, { depth: 2 });
    expect(graph?.edges.map((e) => e.id)).toEqual(["payments->web"]);
    expect(graph?.nodes.some((n) => n.id === "~outside")).toBe(false);
  });
});
