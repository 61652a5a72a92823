import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meshEdgeSample } from "@/server/testing/mesh-edge-sample.ts";
import type { WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { getService } from "@/server/catalog/get-service.ts";
import { getPrisma } from "@/server/db/client.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { AppError } from "@/server/http/problem.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { importMeshTestCatalog, meshTestSnapshot, readMeshEdges, ScriptedTelemetrySource } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import { claimTelemetryEndpoint } from "./claim-telemetry-endpoint.ts";
import { getTelemetryCoverage } from "./get-telemetry-coverage.ts";
import { ingestMeshTelemetry } from "./ingest-mesh-telemetry.ts";

const token: TActor = { kind: "token", tokenId: "t1", tokenName: "ci" };
const member: TActor = { kind: "user", userId: "u1", personId: "p1", role: "member", name: "Mo", email: "mo@example.com" };
// Istio labels: a caller the catalog does not know (canonical name `legacy-billing`) calling cart.
const legacy: WorkloadRef = {
  namespace: "billing",
  name: "legacy-billing-v1",
  hints: { dialect: "istio", workloadLabel: "source_workload", labels: { source_workload: "legacy-billing-v1", source_canonical_service: "legacy-billing" }, canonicalService: "legacy-billing" },
};
const cart: WorkloadRef = { namespace: "shop", name: "cart" };
const edge = meshEdgeSample;
const T0 = new Date("2026-03-02T10:00:00.000Z");

describe.each(TEST_DATABASE_KINDS)("claiming a telemetry endpoint on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;
  const source = new ScriptedTelemetrySource();

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("claim-org", "Claim Org");
    other = await upsertOrganization("claim-other", "Claim Other");
    await importMeshTestCatalog(org.id, meshTestSnapshot([{ slug: "cart", team: "shop" }]));
    source.edges = [edge(legacy, cart, 7)];
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an unmatched caller becomes a new, unowned service by rule `claimed`, and its traffic lands on it from the next round", async () => {
    await ingestMeshTelemetry(org.id, source, T0, { windows: ["5m"] });
    const before = (await getTelemetryCoverage(org.id)).sources[0]?.endpoints.find((e) => e.workload === "legacy-billing-v1");
    expect(before).toMatchObject({ role: "caller", service: null, reason: expect.stringMatching(/^no service for canonical name `legacy-billing` in namespace `billing`/) });
    expect((await readMeshEdges(org.id)).map((e) => e.key)).toEqual(["mesh:unknown->cart"]);

    // Only admins and tokens may claim; another organization's endpoints are not there.
    await expect(claimTelemetryEndpoint(org.id, { namespace: "billing", workload: "legacy-billing-v1", service: "legacy-billing" }, member)).rejects.toMatchObject({ status: 403 });
    await expect(claimTelemetryEndpoint(other.id, { namespace: "billing", workload: "legacy-billing-v1", service: "legacy-billing" }, token)).rejects.toBeInstanceOf(AppError);

    const claimed = await claimTelemetryEndpoint(org.id, { namespace: "billing", workload: "legacy-billing-v1", service: "legacy-billing" }, token);
    expect(claimed).toEqual({ namespace: "billing", workload: "legacy-billing-v1", service: { slug: "legacy-billing", name: "legacy-billing" }, serviceCreated: true });
    const created = await getPrisma().service.findUnique({ where: { organizationId_slug: { organizationId: org.id, slug: "legacy-billing" } }, select: { source: true, ownerTeamId: true } });
    expect(created).toEqual({ source: "mesh", ownerTeamId: null });
    // The coverage page shows the answer at once …
    const now = (await getTelemetryCoverage(org.id)).sources[0]?.endpoints.find((e) => e.workload === "legacy-billing-v1");
    expect(now).toMatchObject({ service: { slug: "legacy-billing" }, rule: "claimed", reason: null });

    // … and the next round attributes the traffic to the new service.
    await ingestMeshTelemetry(org.id, source, new Date(T0.getTime() + 15_000), { windows: ["5m"] });
    const edges = await readMeshEdges(org.id);
    expect(edges.find((e) => e.key === "mesh:legacy-billing->cart")?.requestRate).toBe(7);
    const page = await getService(org.id, "legacy-billing");
    expect(page?.dependencies.map((d) => [d.service.slug, d.requestRate])).toEqual([["cart", 7]]);
    const after = (await getTelemetryCoverage(org.id)).sources[0]?.endpoints.find((e) => e.workload === "legacy-billing-v1");
    expect(after).toMatchObject({ service: { slug: "legacy-billing" }, rule: "claimed", matchedName: "legacy-billing-v1" });
    expect((await getTelemetryCoverage(other.id)).sources).toEqual([]);
  });

  it("claims for an existing service without creating one, and refuses endpoints no source named", async () => {
    source.edges = [edge({ namespace: "shop", name: "cart-worker" }, cart, 2)];
    await ingestMeshTelemetry(org.id, source, new Date(T0.getTime() + 30_000), { windows: ["5m"] });
    const claimed = await claimTelemetryEndpoint(org.id, { namespace: "shop", workload: "cart-worker", service: "cart" }, token);
    expect(claimed.serviceCreated).toBe(false);
    await expect(claimTelemetryEndpoint(org.id, { namespace: "shop", workload: "never-seen", service: "cart" }, token)).rejects.toMatchObject({ status: 404 });
  });
});
