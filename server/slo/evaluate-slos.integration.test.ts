import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { applySnapshotRetention } from "./apply-snapshot-retention.ts";
import { evaluateAllSlos } from "./evaluate-all-slos.ts";
import { evaluateOrganizationSlos } from "./evaluate-organization-slos.ts";
import { getServiceSlos } from "./get-service-slos.ts";
import { getSloHistory } from "./get-slo-history.ts";
import { findServiceRef, upsertUiSlo } from "./slo.repository.ts";
import { seedServices, steadyWindows, writeTelemetry } from "@/server/slo/testing/slo-test-fixtures.ts";
import { catalogService } from "@/server/testing/catalog-service-fixture.ts";
import { createTurnBudget } from "@/server/system/turn-budget.ts";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);
const HOUR = 60;
const DAY = 24 * HOUR;

/** The scripted telemetry: a healthy service, a fast burn (page alerts), an exhausted budget, recovery. */
const HEALTHY = steadyWindows(0.0001, 100_000, { total: 10_000_000, bad: 1_000 });
const FAST_BURN = steadyWindows(0.02, 100_000, { total: 10_000_000, bad: 3_000 });
const EXHAUSTED = steadyWindows(0.02, 100_000, { total: 10_000_000, bad: 10_500 });

describe.each(TEST_DATABASE_KINDS)("SLO evaluation on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;

  const statusOf = async (service: string, name: string) => (await getServiceSlos(org.id, service)).find((slo) => slo.name === name);
  const transitions = (service: string) =>
    getPrisma().changeEvent.findMany({
      where: { organizationId: org.id, type: "slo_status_changed", service: { slug: service } },
      orderBy: { occurredAt: "asc" },
      select: { title: true, details: true, occurredAt: true, dedupeKey: true, actor: true, source: true },
    });
  const snapshotsOf = async (service: string, name: string) => {
    const ref = await findServiceRef(org.id, service);
    return getPrisma().sloStatusSnapshot.findMany({
      where: { organizationId: org.id, slo: { serviceId: ref?.id ?? "", name } },
      orderBy: [{ at: "asc" }, { resolution: "asc" }],
      select: { at: true, resolution: true, status: true, budgetRemaining: true, burnRates: true },
    });
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("slo-eval", "SLO evaluation");
    other = await upsertOrganization("slo-eval-other", "Other tenant");
    await seedServices(org.id, [catalogService("checkout", { tier: 1 }), catalogService("search")]);
    await seedServices(other.id, [catalogService("checkout")]);
    const checkout = await findServiceRef(org.id, "checkout");
    const search = await findServiceRef(org.id, "search");
    const otherCheckout = await findServiceRef(other.id, "checkout");
    const availability = { name: "availability", kind: "availability" as const, objective: 99.9, windowDays: 28, latencyThresholdMs: null, minRequests: 100, provenance: { kind: "form" } };
    await upsertUiSlo(org.id, checkout?.id ?? "", availability);
    await upsertUiSlo(other.id, otherCheckout?.id ?? "", availability);
    await upsertUiSlo(org.id, search?.id ?? "", { ...availability, name: "latency", kind: "latency", objective: 99, latencyThresholdMs: 250 });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("drives an SLO through healthy → at_risk → breached → healthy, one change event per transition", async () => {
    const script = [
      { minute: 0, windows: HEALTHY, status: "healthy" },
      { minute: 1, windows: HEALTHY, status: "healthy" },
      { minute: 2, windows: FAST_BURN, status: "at_risk" },
      { minute: 3, windows: FAST_BURN, status: "at_risk" },
      { minute: 4, windows: EXHAUSTED, status: "breached" },
      { minute: 5, windows: HEALTHY, status: "healthy" },
    ] as const;
    for (const step of script) {
      await writeTelemetry(org.id, "checkout", step.windows, at(step.minute));
      // Twice in the same minute, as a retried job would: nothing may be written twice.
      await evaluateOrganizationSlos(org.id, at(step.minute, 10));
      await evaluateOrganizationSlos(org.id, at(step.minute, 40));
      const slo = await statusOf("checkout", "availability");
      expect(slo?.status, `minute ${step.minute}`).toBe(step.status);
    }

    const events = await transitions("checkout");
    expect(events.map((event) => event.title)).toEqual([
      "checkout: SLO availability healthy → at risk (budget 70% left)",
      "checkout: SLO availability at risk → breached (105% of the budget spent)",
      "checkout: SLO availability breached → healthy (budget 90% left)",
    ]);
    expect(events.map((event) => event.occurredAt.toISOString())).toEqual([at(2, 10), at(4, 10), at(5, 10)].map((d) => d.toISOString()));
    expect(events.map((event) => [event.actor, event.source])).toEqual(events.map(() => ["plumbline (SLO worker)", "mesh"]));
    const atRisk = events[0]?.details as Record<string, unknown>;
    expect(atRisk).toMatchObject({ from: "healthy", to: "at_risk", sloName: "availability", objective: 99.9, budgetRemaining: 0.7, isOutOfSlo: true });
    expect(atRisk["burnRates"]).toMatchObject({ "5m": 20, "1h": 20, slo: 0.3 });
    expect(atRisk["firingAlerts"]).toContain("page 1h/5m > 14.4x");
    expect(atRisk["budgetRemainingEvents"]).toBeCloseTo(7_000, 6);

    const snapshots = await snapshotsOf("checkout", "availability");
    expect(snapshots.map((s) => [s.at.toISOString(), s.resolution, s.status])).toEqual(
      script.map((step) => [at(step.minute).toISOString(), "minute", step.status]),
    );

    const card = await statusOf("checkout", "availability");
    expect(card).toMatchObject({ status: "healthy", sli: 0.9999, budgetRemaining: 0.9, windowTotalEvents: 10_000_000, windowBadEvents: 1_000, isOutOfSlo: false });
    expect(card?.budgetRemainingEvents).toBeCloseTo(9_000, 6);
    expect(card?.statusSince).toBe(at(5, 10).toISOString());
    expect(card?.recentTransitions.map((t) => `${t.from}>${t.to}`)).toEqual(["breached>healthy", "at_risk>breached", "healthy>at_risk"]);
    expect(card?.alerts.map((alert) => [alert.longWindow, alert.firing, alert.insufficientData])).toEqual([
      ["1h", false, false],
      ["6h", false, false],
      ["1d", false, false],
      ["3d", false, false],
    ]);
  });

  it("keeps tenants apart: another organization's SLO of the same name is untouched", async () => {
    const otherSlo = (await getServiceSlos(other.id, "checkout"))[0];
    expect(otherSlo?.status).toBe("no_data");
    expect(otherSlo?.evaluatedAt).toBeNull();
    const counts = await evaluateAllSlos(at(6));
    expect(counts.failed).toBe(0);
    expect((await getServiceSlos(other.id, "checkout"))[0]).toMatchObject({ status: "no_data", statusReason: "No telemetry received yet" });
  });

  it("moves only evaluatedAt when nothing changed, and still snapshots the minute", async () => {
    await writeTelemetry(org.id, "checkout", HEALTHY, at(7));
    await evaluateOrganizationSlos(org.id, at(7, 10));
    const before = await statusOf("checkout", "availability");
    const counts = await evaluateOrganizationSlos(org.id, at(8, 10));
    const after = await statusOf("checkout", "availability");
    expect(counts).toMatchObject({ failed: 0, transitions: 0 });
    expect(after).toEqual({ ...before, evaluatedAt: at(8, 10).toISOString() });
    const snapshots = (await snapshotsOf("checkout", "availability")).filter((snapshot) => snapshot.at >= at(7));
    expect(snapshots.map((snapshot) => [snapshot.at.toISOString(), snapshot.status, snapshot.budgetRemaining])).toEqual([
      [at(7).toISOString(), "healthy", before?.budgetRemaining],
      [at(8).toISOString(), "healthy", before?.budgetRemaining],
    ]);
  });

  it("turns stale telemetry into no_data with the reason, never healthy", async () => {
    await writeTelemetry(org.id, "checkout", HEALTHY, at(10), { since: at(9), reason: "Prometheus unreachable: connect ECONNREFUSED 127.0.0.1:9090" });
    await evaluateOrganizationSlos(org.id, at(10, 20));
    const stale = await statusOf("checkout", "availability");
    expect(stale).toMatchObject({ status: "no_data", isTelemetryStale: true, sli: null, budgetRemaining: null });
    expect(stale?.statusReason).toContain("Prometheus unreachable");

    // Fresh counts stop arriving: after five minutes they are stale too.
    await writeTelemetry(org.id, "checkout", HEALTHY, at(11));
    await evaluateOrganizationSlos(org.id, at(12));
    expect((await statusOf("checkout", "availability"))?.status).toBe("healthy");
    await evaluateOrganizationSlos(org.id, at(20));
    const silent = await statusOf("checkout", "availability");
    expect(silent).toMatchObject({ status: "no_data", isTelemetryStale: true });
    expect(silent?.statusReason).toBe("No telemetry for 9 min (nothing newer than 5 min arrived)");

    const titles = (await transitions("checkout")).map((event) => event.title);
    expect(titles.slice(3)).toEqual([
      "checkout: SLO availability healthy → no data",
      "checkout: SLO availability no data → healthy (budget 90% left)",
      "checkout: SLO availability healthy → no data",
    ]);
  });

  it("judges a latency SLO by its threshold's bucket, and says so when the mesh has no such bucket", async () => {
    const windows = steadyWindows(0, 100_000, { total: 10_000_000, bad: 0 });
    for (const counts of Object.values(windows)) counts.latencyGood = { "100": counts.total / 2, "250": counts.total - counts.total / 200 };
    await writeTelemetry(org.id, "search", windows, at(30));
    await evaluateOrganizationSlos(org.id, at(30, 5));
    const latency = await statusOf("search", "latency");
    expect(latency).toMatchObject({ status: "healthy", sli: 0.995, budgetRemaining: 0.5, latencyThresholdMs: 250 });

    for (const counts of Object.values(windows)) counts.latencyGood = { "100": counts.total / 2, "500": counts.total };
    await writeTelemetry(org.id, "search", windows, at(31));
    await evaluateOrganizationSlos(org.id, at(31, 5));
    const missing = await statusOf("search", "latency");
    expect(missing?.status).toBe("no_data");
    expect(missing?.isTelemetryStale).toBe(false);
    expect(missing?.statusReason).toBe(
      "The mesh reports no request count under 250 ms (it measures 100 ms, 500 ms); latency thresholds must be bucket boundaries of the mesh's latency histogram",
    );
  });

  it("evaluates the other SLOs when one definition is broken, and reports the broken one", async () => {
    const checkout = await findServiceRef(org.id, "checkout");
    // Bypasses validation on purpose: an objective of 100 leaves no budget to divide by.
    const broken = await getPrisma().slo.create({
      data: { organizationId: org.id, serviceId: checkout?.id ?? "", name: "broken", kind: "availability", objective: 100, source: "ui" },
      select: { id: true },
    });
    const errors: string[] = [];
    const counts = await evaluateOrganizationSlos(org.id, at(32), { onSloError: (slo, error) => errors.push(`${slo.name}: ${String(error)}`) });
    expect(counts).toMatchObject({ evaluated: 2, failed: 1, written: 2 });
    expect(errors).toEqual(["broken: RangeError: SLO objective must be a percentage above 0 and below 100, got 100"]);
    await getPrisma().slo.delete({ where: { id: broken.id } });
  });

  it("downsamples snapshots: minutes for two days, the worst moment of each hour after, nothing after 90 days", async () => {
    // One more minute snapshot in the 11:00 hour, and one of the last two days.
    await writeTelemetry(org.id, "checkout", HEALTHY, at(HOUR + 5));
    await evaluateOrganizationSlos(org.id, at(HOUR + 5));
    const now = at(2 * DAY + 2 * HOUR + 1);
    await writeTelemetry(org.id, "checkout", HEALTHY, at(2 * DAY + 2 * HOUR));
    await evaluateOrganizationSlos(org.id, at(2 * DAY + 2 * HOUR));
    const ref = await findServiceRef(org.id, "checkout");
    const slo = await getPrisma().slo.findFirstOrThrow({ where: { organizationId: org.id, serviceId: ref?.id ?? "", name: "availability" }, select: { id: true } });
    await getPrisma().sloStatusSnapshot.create({
      data: { organizationId: org.id, sloId: slo.id, at: new Date(now.getTime() - 91 * DAY * 60_000), resolution: "hour", status: "healthy" },
    });
    // Both SLOs of the organization (checkout availability, search latency) had minutes in 10:00 and 11:00.
    const dueMinutes = await getPrisma().sloStatusSnapshot.count({ where: { organizationId: org.id, resolution: "minute", at: { lt: at(2 * HOUR) } } });

    const result = await applySnapshotRetention(org.id, now);
    const after = await snapshotsOf("checkout", "availability");
    expect(after.map((s) => [s.at.toISOString(), s.resolution, s.status])).toEqual([
      [at(0).toISOString(), "hour", "breached"],
      [at(HOUR).toISOString(), "hour", "healthy"],
      [at(2 * DAY + 2 * HOUR).toISOString(), "minute", "healthy"],
    ]);
    const hour10 = after[0];
    expect(hour10?.budgetRemaining).toBe(-0.05);
    expect((hour10?.burnRates as Record<string, number>)["5m"]).toBe(20);
    expect(result).toEqual({ hourlyCreated: 4, deleted: dueMinutes + 1 });
    // Idempotent: a second run finds nothing to do.
    expect(await applySnapshotRetention(org.id, now)).toEqual({ hourlyCreated: 0, deleted: 0 });

    const history = await getSloHistory(org.id, "checkout", "availability", "window", now);
    expect(history?.bucketMinutes).toBe(60);
    expect(history?.points.map((p) => [p.at, p.status])).toEqual([
      [at(0).toISOString(), "breached"],
      [at(HOUR).toISOString(), "healthy"],
      [at(2 * DAY + 2 * HOUR).toISOString(), "healthy"],
    ]);
    const recent = await getSloHistory(org.id, "checkout", "availability", "6h", now);
    expect(recent?.points.map((p) => p.at)).toEqual([at(2 * DAY + 2 * HOUR).toISOString()]);
  });

  it("lets the event loop turn between stretches of the evaluation, with the same outcome", async () => {
    const many = await upsertOrganization("slo-eval-stretches", "SLOs in stretches");
    await seedServices(many.id, [catalogService("a"), catalogService("b"), catalogService("c")]);
    for (const slug of ["a", "b", "c"]) {
      const ref = await findServiceRef(many.id, slug);
      await upsertUiSlo(many.id, ref?.id ?? "", { name: "availability", kind: "availability", objective: 99.9, windowDays: 28, latencyThresholdMs: null, minRequests: 100, provenance: { kind: "form" } });
    }
    await writeTelemetry(many.id, "a", HEALTHY, at(0));
    await writeTelemetry(many.id, "b", EXHAUSTED, at(0));
    // A budget of 0 ms: every SLO is a stretch of its own, and the loop turns before each.
    const turnBudget = createTurnBudget({ budgetMs: 0 });
    const counts = await evaluateOrganizationSlos(many.id, at(0, 10), { turnBudget });
    expect(counts).toMatchObject({ evaluated: 3, failed: 0, written: 3, snapshots: 3 });
    expect(turnBudget.yields).toBe(3);
    expect((await getServiceSlos(many.id, "a"))[0]?.status).toBe("healthy");
    expect((await getServiceSlos(many.id, "b"))[0]?.status).toBe("breached");
    expect((await getServiceSlos(many.id, "c"))[0]?.status).toBe("no_data");
  });
});
