import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { writeTelemetry, type TTestCounts } from "@/server/slo/testing/slo-test-fixtures.ts";
import { evaluateOrganizationSlos } from "./evaluate-organization-slos.ts";
import { getServiceSlos } from "./get-service-slos.ts";

const INDICATOR = `  indicator:
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: "good" } } }
        total: { metricSource: { type: Prometheus, spec: { query: "total" } } }`;

// OpenSLO v1 SLOs as the spec writes them: Timeslices, RatioTimeslices, and Occurrences over a calendar month.
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: web-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: web }
spec: { type: service, lifecycle: production, owner: web-team }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: web-slices }
spec:
  service: web
${INDICATOR}
  timeWindow: [{ duration: 1d, isRolling: true }]
  budgetingMethod: Timeslices
  objectives:
    - target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 5m
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: web-ratio-slices }
spec:
  service: web
${INDICATOR}
  timeWindow: [{ duration: 1d, isRolling: true }]
  budgetingMethod: RatioTimeslices
  objectives:
    - target: 0.99
      timeSliceWindow: 5m
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: web-monthly }
spec:
  service: web
${INDICATOR}
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar: { startTime: "2022-01-01 00:00:00", timeZone: UTC }
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`;

const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);

/** Every window healthy (1 bad in 10,000) but the last 5 minutes, which have `badRatio5m` bad. */
function windows(badRatio5m: number): Record<string, TTestCounts> {
  const result: Record<string, TTestCounts> = {};
  for (const window of ["30m", "1h", "2h", "6h", "1d", "3d", "31d"]) result[window] = { total: 1_000_000, good: 999_900 };
  result["5m"] = { total: 10_000, good: 10_000 - Math.round(10_000 * badRatio5m) };
  return result;
}

describe.each(TEST_DATABASE_KINDS)("OpenSLO Timeslices, RatioTimeslices and calendar windows evaluated, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  const slo = async (name: string) => (await getServiceSlos(org.id, "web")).find((s) => s.name === name);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("timeslices", "Timeslices");
    const result = await importCatalog(org.id, [{ file: "catalog-info.yaml", text: CATALOG }], "catalog-info.yaml");
    expect(result.problems).toEqual([]);
    expect(result.slos.slos).toBe(3);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("counts bad slices against the slices the window allows, averages slice ratios, and sums a calendar period", async () => {
    // A 1-day window of 5-minute slices is 288 slices; 99 % allows floor(2.88) = 2 bad ones.
    const script = [
      { minute: 4, bad: 0, slices: "healthy", budget: 1 },
      { minute: 9, bad: 0.2, slices: "healthy", budget: 0.5 },
      { minute: 14, bad: 0.2, slices: "breached", budget: 0 },
    ] as const;
    for (const step of script) {
      await writeTelemetry(org.id, "web", windows(step.bad), at(step.minute));
      await evaluateOrganizationSlos(org.id, at(step.minute, 20));
      // Evaluated twice within a slice: the slice is overwritten, not counted twice.
      await evaluateOrganizationSlos(org.id, at(step.minute, 40));
      const slices = await slo("web-slices");
      expect([slices?.status, slices?.budgetRemaining], `minute ${step.minute}`).toEqual([step.slices, step.budget]);
    }
    expect(await getPrisma().sloTimeSlice.count({ where: { organizationId: org.id, slo: { name: "web-slices" } } })).toBe(3);
    expect((await slo("web-slices"))?.sli).toBeCloseTo(1 / 3, 4);

    // RatioTimeslices: mean of 1.0, 0.8, 0.8 = 0.8667, far below 99 %.
    const ratio = await slo("web-ratio-slices");
    expect(ratio?.sli).toBeCloseTo((1 + 0.8 + 0.8) / 3, 4);
    expect(ratio?.status).toBe("breached");

    // Occurrences over March so far: 30,000 requests, 4,000 bad (13.3 %) against a 1 % budget.
    const monthly = await slo("web-monthly");
    expect(monthly?.sli).toBeCloseTo(26_000 / 30_000, 4);
    expect(monthly?.status).toBe("breached");
  });

  it("starts a calendar period afresh: slices of the last month no longer count", async () => {
    const april = new Date("2026-04-01T00:04:00.000Z");
    await writeTelemetry(org.id, "web", windows(0), april);
    await evaluateOrganizationSlos(org.id, new Date(april.getTime() + 20_000));
    const monthly = await slo("web-monthly");
    expect([monthly?.status, monthly?.sli, monthly?.budgetRemaining]).toEqual(["healthy", 1, 1]);
  });
});
