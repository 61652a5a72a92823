import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { runSloEvaluationCycle } from "@/server/slo/run-slo-evaluation-cycle.ts";
import { findServiceRef, upsertUiSlo } from "@/server/slo/slo.repository.ts";
import { steadyWindows, writeTelemetry } from "@/server/slo/testing/slo-test-fixtures.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { GATE_TEST_CATALOG } from "@/server/testing/gate-test-catalog.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import { stopDeployRequestListener } from "./deploy-request-listener.ts";
import { countSleepingDeployRequestWaiters } from "./deploy-request-notifier.ts";
import { getDeployRequestDetail } from "./get-deploy-request-detail.ts";
import { savePolicyDocument } from "./save-policy-document.ts";
import { readLiveFacts } from "./stored-live-facts.ts";
import { recordQuietReevaluations } from "./gate-reevaluation.repository.ts";
import { waitForDeployRequest } from "./wait-for-deploy-request.ts";

const BASE_URL = "http://plumbline.test";
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };
// Real time (requests expire against the wall clock), on a minute boundary so each step is its own SLO minute.
const T0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);

const HEALTHY = steadyWindows(0.0001, 100_000, { total: 10_000_000, bad: 1_000 });
const EXHAUSTED = steadyWindows(0.02, 100_000, { total: 10_000_000, bad: 10_500 });

const policyYaml = (approveWhenCleared: boolean) => `approveWhenCleared: ${approveWhenCleared}
rules:
  - name: dependents-out-of-slo
    type: dependents_out_of_slo
`;

// checkout (team checkout, owner priya.raman) is payments' only caller. Its availability
// SLO is driven by telemetry through the real SLO cycle: breached, then recovered.
describe.each(TEST_DATABASE_KINDS)("re-evaluation of pending deploy requests on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let minute = 0;

  /** One SLO minute with checkout's telemetry as given; returns what the cycle did. */
  async function sloMinute(windows: typeof HEALTHY) {
    minute += 1;
    await writeTelemetry(org.id, "checkout", windows, at(minute));
    return runSloEvaluationCycle(at(minute, 10));
  }
  const deploy = (version: string) =>
    createDeployRequest(org.id, { service: "payments", environment: "production", version, requestedBy: "ci" }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL, now: at(minute, 20) });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("reevaluation-test", "Re-evaluation test");
    expect((await importCatalog(org.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml")).errorCount).toBe(0);
    const checkout = await findServiceRef(org.id, "checkout");
    const payments = await findServiceRef(org.id, "payments");
    await getPrisma().edge.create({
      data: { organizationId: org.id, key: "mesh:checkout->payments", callerId: checkout?.id ?? null, calleeId: payments?.id ?? "", source: "mesh", requestRate: 30, lastSeenAt: new Date() },
    });
    await upsertUiSlo(org.id, checkout?.id ?? "", { name: "availability", kind: "availability", objective: 99.9, windowDays: 28, latencyThresholdMs: null, minRequests: 100, provenance: { kind: "form" } });
  });
  afterAll(async () => {
    await stopDeployRequestListener();
    await db?.close();
  });

  it("approves a pending request within one SLO cycle after the dependent recovers, and the long-poll hears it at once", async () => {
    expect((await savePolicyDocument(org.id, policyYaml(true), { source: "ui", actor: null })).ok).toBe(true);
    await sloMinute(HEALTHY);
    await sloMinute(EXHAUSTED);
    const { request } = await deploy("3.0.0");
    expect(request.status).toBe("pending");
    expect(request.approvals.map((approval) => approval.team)).toEqual(["checkout"]);

    // A cycle while checkout is still breached changes nothing.
    const still = await sloMinute(EXHAUSTED);
    expect(still.gate).toMatchObject({ reevaluated: 1, approvedByGate: 0 });

    // CI long-polls (as `plumbline gate --wait` does), asleep until something changes.
    const polled = waitForDeployRequest(org.id, request.id, { waitSeconds: 60, baseUrl: BASE_URL });
    await waitFor("the long-poll to be asleep", () => countSleepingDeployRequestWaiters(request.id) === 1);

    const cycle = await sloMinute(HEALTHY);
    expect(cycle.transitions).toBe(1);
    expect(cycle.gate).toMatchObject({ reevaluated: 1, approvedByGate: 1, settled: 1 });
    const answered = await polled;
    expect(answered.status).toBe("approved");
    expect(answered.approvals).toEqual([expect.objectContaining({ team: "checkout", status: "approved", channel: "gate", comment: "approved by the gate: cause cleared" })]);
    expect(answered.approvals[0]?.decidedBy).toBeUndefined();

    // The record: the facts the gate approved on, and the history says why.
    const row = await getPrisma().deployRequest.findUniqueOrThrow({ where: { id: request.id }, select: { liveFacts: true, decisionFacts: true } });
    const live = readLiveFacts(row.liveFacts);
    expect(live?.trigger).toBe("slo-evaluation");
    expect(live?.causes).toEqual([expect.objectContaining({ serviceSlug: "checkout", cleared: true, verdict: "recovered", note: "recovered since the request" })]);
    expect(live?.causes[0]?.now).toMatchObject({ status: "healthy", isOutOfSlo: false });
    const events = await getPrisma().changeEvent.findMany({ where: { organizationId: org.id, deployRequestId: request.id, type: { in: ["approval_given", "deploy_approved"] } }, select: { type: true, title: true, actor: true } });
    expect(events.filter((event) => event.type === "approval_given")[0]?.title).toMatch(/approved by the gate: cause cleared \(checkout: recovered since the request\)/);
    expect(events.some((event) => event.type === "deploy_approved" && event.actor === "plumbline gate")).toBe(true);
  });

  it("with approveWhenCleared false, the request stays for a person, who sees the cause recovered", async () => {
    expect((await savePolicyDocument(org.id, policyYaml(false), { source: "ui", actor: null })).ok).toBe(true);
    await sloMinute(EXHAUSTED);
    const { request } = await deploy("3.0.1");
    expect(request.status).toBe("pending");
    const cycle = await sloMinute(HEALTHY);
    expect(cycle.gate).toMatchObject({ approvedByGate: 0, changed: 1 });

    const detail = await getDeployRequestDetail(org.id, request.id, BASE_URL);
    expect(detail?.status).toBe("pending");
    const [cause] = detail?.liveCauses ?? [];
    expect(cause).toMatchObject({ team: "checkout", serviceSlug: "checkout", cleared: true, verdict: "recovered", note: "recovered since the request" });
    expect(cause?.requested).toMatchObject({ status: "breached", isOutOfSlo: true });
    expect(cause?.now).toMatchObject({ status: "healthy", isOutOfSlo: false, trafficShare: 1 });
    expect(cause?.changed).toContain("status");
  });

  it("re-evaluates when the policy changes: a rule made notify-only clears its causes", async () => {
    expect((await savePolicyDocument(org.id, policyYaml(true), { source: "ui", actor: null })).ok).toBe(true);
    await sloMinute(EXHAUSTED);
    const { request } = await deploy("3.0.2");
    expect(request.status).toBe("pending");
    const notifyOnly = `${policyYaml(true)}    require: notification\n`;
    expect((await savePolicyDocument(org.id, notifyOnly, { source: "ui", actor: null })).ok).toBe(true);
    const after = await getPrisma().deployRequest.findUniqueOrThrow({ where: { id: request.id }, select: { status: true, liveFacts: true } });
    expect(after.status).toBe("approved");
    expect(readLiveFacts(after.liveFacts)?.trigger).toBe("policy-change");
  });
  it("re-evaluates every pending request when there are more than one read's worth (rows are read in parts)", async () => {
    expect((await savePolicyDocument(org.id, policyYaml(true), { source: "ui", actor: null })).ok).toBe(true);
    await sloMinute(EXHAUSTED);
    for (let i = 0; i < 27; i++) expect((await deploy(`4.0.${i}`)).request.status).toBe("pending");
    const pending = await getPrisma().deployRequest.count({ where: { organizationId: org.id, status: "pending" } });
    expect(pending).toBeGreaterThanOrEqual(27);

    expect((await sloMinute(EXHAUSTED)).gate).toMatchObject({ reevaluated: pending, approvedByGate: 0 });
    expect((await sloMinute(HEALTHY)).gate).toMatchObject({ reevaluated: pending, approvedByGate: pending, settled: pending });
    expect(await getPrisma().deployRequest.count({ where: { organizationId: org.id, status: "pending" } })).toBe(0);
  });

  it("stores a quiet cycle's live facts in one write, for the organization's pending requests only", async () => {
    expect((await savePolicyDocument(org.id, policyYaml(true), { source: "ui", actor: null })).ok).toBe(true);
    await sloMinute(EXHAUSTED);
    const pendingOne = (await deploy("5.0.0")).request;
    const pendingTwo = (await deploy("5.0.1")).request;
    const cycle = await sloMinute(EXHAUSTED);
    expect(cycle.gate).toMatchObject({ reevaluated: 2, approvedByGate: 0, changed: 0 });
    const stored = await getPrisma().deployRequest.findUniqueOrThrow({ where: { id: pendingOne.id }, select: { liveFacts: true, reevaluatedAt: true, status: true } });
    expect(stored.status).toBe("pending");
    expect(stored.reevaluatedAt).toEqual(at(minute, 10));
    expect(readLiveFacts(stored.liveFacts)).toMatchObject({ evaluatedAt: at(minute, 10).toISOString(), trigger: "slo-evaluation", causes: [expect.objectContaining({ serviceSlug: "checkout", cleared: false })] });

    // Decided by a person meanwhile: left alone. Another organization's id: not this one's to write.
    await getPrisma().deployRequest.update({ where: { id: pendingOne.id }, data: { status: "rejected" } });
    const other = await upsertOrganization("reevaluation-other", "Another organization");
    const later = at(minute, 40);
    expect(await recordQuietReevaluations(org.id, later, [{ deployRequestId: pendingOne.id, liveFacts: { version: 1 } }])).toBe(0);
    expect(await recordQuietReevaluations(other.id, later, [{ deployRequestId: pendingTwo.id, liveFacts: { version: 1 } }])).toBe(0);
    const untouched = await getPrisma().deployRequest.findMany({ where: { id: { in: [pendingOne.id, pendingTwo.id] } }, select: { reevaluatedAt: true } });
    expect(untouched.map((row) => row.reevaluatedAt)).toEqual([at(minute, 10), at(minute, 10)]);
    expect(await recordQuietReevaluations(org.id, later, [{ deployRequestId: pendingTwo.id, liveFacts: { version: 1 } }])).toBe(1);
  });
});
