import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getService } from "@/app/api/v1/services/[slug]/route.ts";
import { GET as getSlo, DELETE as deleteSlo } from "@/app/api/v1/services/[slug]/slos/[name]/route.ts";
import { GET as getHistory } from "@/app/api/v1/services/[slug]/slos/[name]/history/route.ts";
import { GET as listSlos, POST as postSlo } from "@/app/api/v1/services/[slug]/slos/route.ts";
import { GET as getOverview } from "@/app/api/v1/slos/overview/route.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { createSignedInMember, sessionHeaders, type TTestMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { evaluateOrganizationSlos } from "./evaluate-organization-slos.ts";
import type { TSloOverview, TSloSummary } from "./slo.schemas.ts";
import { syncDeclaredSlos } from "./sync-declared-slos.ts";
import { seedServices, steadyWindows, writeTelemetry } from "@/server/slo/testing/slo-test-fixtures.ts";
import { catalogService } from "@/server/testing/catalog-service-fixture.ts";

const params = (values: Record<string, string>) => ({ params: Promise.resolve(values) });
// The signed-in owner of the payments team (every test service's owner team) the requests come from.
let owner: TTestMember;
const post = (slug: string, body: unknown, headers: Record<string, string> = sessionHeaders(owner)) =>
  postSlo(
    new Request(`http://localhost/api/v1/services/${slug}/slos`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
    params({ slug }),
  );
const get = (url: string) => new Request(url, { headers: sessionHeaders(owner) });

describe.each(TEST_DATABASE_KINDS)("SLO API on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let organizationId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    organizationId = (await ensureDefaultOrganization()).id;
    const services = [catalogService("checkout", { tier: 1, annotations: { "plumbline.dev/slo-availability": "99.95" } }), catalogService("search")];
    await seedServices(organizationId, services);
    owner = await createSignedInMember(organizationId, { role: "member", teams: [{ slug: "payments", role: "owner" }] });
    await syncDeclaredSlos(organizationId, { origin: "test", services, entities: [], sources: [], catalogHasErrors: false });
    const now = new Date();
    await writeTelemetry(organizationId, "checkout", steadyWindows(0.02, 100_000, { total: 10_000_000, bad: 2_000 }), now);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("creates an SLO from the form (201), evaluates it at once, and updates it by name (200)", async () => {
    const created = await post("checkout", { name: "fast-checkout", kind: "latency", objective: 99.5, latencyThresholdMs: 500 });
    expect(created.status).toBe(201);
    const { slo } = (await created.json()) as { slo: TSloSummary };
    expect(slo).toMatchObject({ name: "fast-checkout", kind: "latency", objective: 99.5, windowDays: 28, minRequests: 100, source: "ui", isEditable: true });
    expect(slo.provenance).toMatchObject({ kind: "form", label: "the form on this service page" });
    // Evaluated on save: the mesh has no count under 500 ms for checkout, and the card says so.
    expect(slo.evaluatedAt).not.toBeNull();
    expect(slo.statusReason).toContain("no request count under 500 ms");

    const updated = await post("checkout", { name: "fast-checkout", kind: "latency", objective: 99, latencyThresholdMs: 250, windowDays: 7 });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as { slo: TSloSummary }).slo).toMatchObject({ objective: 99, latencyThresholdMs: 250, windowDays: 7 });
  });

  it("answers invalid input with problem+json naming each field", async () => {
    const response = await post("checkout", { name: "Bad Name", kind: "latency", objective: 100 });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { code: string; errors: { field: string; message: string }[] };
    expect(problem.code).toBe("validation-failed");
    expect(problem.errors.map((e) => e.field).sort()).toEqual(["latencyThresholdMs", "name", "objective"]);
    expect(problem.errors.find((e) => e.field === "objective")?.message).toBe("objective must be below 100 (100 leaves no error budget), e.g. 99.9");
  });

  it("refuses to take over a catalog SLO (409), unknown services (404) and API tokens (403)", async () => {
    const clash = await post("checkout", { name: "availability", kind: "availability", objective: 99 });
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({ code: "conflict", detail: expect.stringContaining('SLO "availability" of checkout is declared in the catalog') });
    const unknown = await post("nope", { name: "a", kind: "availability", objective: 99 });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "not-found" });
    const { token } = await createApiToken(organizationId, "ci");
    const byToken = await post("checkout", { name: "a", kind: "availability", objective: 99 }, { authorization: `Bearer ${token}` });
    expect(byToken.status).toBe(403);
    expect(await byToken.json()).toMatchObject({ code: "forbidden" });
  });

  it("shows SLO status in GET /api/v1/services/{slug}, lists and reads SLOs, and serves history", async () => {
    await evaluateOrganizationSlos(organizationId, new Date());
    const service = (await (await getService(get("http://localhost/api/v1/services/checkout"), params({ slug: "checkout" }))).json()) as {
      sloStatus: string;
      slos: TSloSummary[];
    };
    expect(service.slos.map((slo) => slo.name)).toEqual(["availability", "fast-checkout"]);
    const availability = service.slos[0];
    // 2 % errors burn a 99.95 % budget at 40x: both page alerts fire. At risk, not out of SLO (= breached): budget is left.
    expect(availability).toMatchObject({ status: "at_risk", isOutOfSlo: false, source: "catalog" });
    expect(availability?.burnRates["1h"]).toBe(40);
    expect(availability?.alerts.filter((alert) => alert.firing).map((alert) => alert.longWindow)).toEqual(["1h", "6h", "1d", "3d"]);

    const list = await listSlos(get("http://localhost/api/v1/services/checkout/slos"), params({ slug: "checkout" }));
    expect(((await list.json()) as { slos: TSloSummary[] }).slos).toHaveLength(2);
    const one = await getSlo(get("http://localhost/"), params({ slug: "checkout", name: "availability" }));
    expect(one.status).toBe(200);
    expect((await getSlo(get("http://localhost/"), params({ slug: "checkout", name: "nope" }))).status).toBe(404);

    const history = await getHistory(get("http://localhost/api/v1/services/checkout/slos/availability/history?range=6h"), params({ slug: "checkout", name: "availability" }));
    const body = (await history.json()) as { points: { status: string; budgetRemaining: number }[]; bucketMinutes: number };
    expect(body.bucketMinutes).toBe(1);
    expect(body.points.at(-1)).toMatchObject({ status: "at_risk", budgetRemaining: 0.6 });
    const badRange = await getHistory(get("http://localhost/x?range=1y"), params({ slug: "checkout", name: "availability" }));
    expect(badRange.status).toBe(400);

    const overview = (await (await getOverview(get("http://localhost/api/v1/slos/overview"), params({}))).json()) as TSloOverview;
    // Paging with budget left is at risk (it burns fastest), not out of SLO: that list holds breached SLOs only.
    expect(overview.outOfSlo).toEqual([]);
    expect(overview.counts.breached).toBe(0);
    expect(overview.burningFastest.map((item) => [item.slo, item.burnRate1h])).toEqual([["availability", 40]]);
    expect(overview.counts.total).toBe(2);
  });

  it("deletes a UI SLO (204) but not a catalog one (409)", async () => {
    const removed = await deleteSlo(new Request("http://localhost/", { method: "DELETE", headers: sessionHeaders(owner) }), params({ slug: "checkout", name: "fast-checkout" }));
    expect(removed.status).toBe(204);
    const refused = await deleteSlo(new Request("http://localhost/", { method: "DELETE", headers: sessionHeaders(owner) }), params({ slug: "checkout", name: "availability" }));
    expect(refused.status).toBe(409);
  });
});
