import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { GATE_TEST_CATALOG } from "@/server/testing/gate-test-catalog.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { insertDecisionsInOneStatement } from "./gate-decision-insert.repository.ts";
import { insertDeployDecision, isUniqueViolation, type TDeployDecisionWrite } from "./gate.repository.ts";

/** Statements the group commit wrote so far in this process, and the decisions they carried. */
async function batchTotals(): Promise<{ statements: number; decisions: number }> {
  const { values } = await getMetrics().gateDecisionWriteBatch.get();
  const read = (name: string) => values.find((value) => value.metricName === name)?.value ?? 0;
  return { statements: read("plumbline_gate_decision_write_batch_size_count"), decisions: read("plumbline_gate_decision_write_batch_size_sum") };
}

// Group commit (server/gate/decision-write-batcher.ts): decisions written while another is in
// flight go together in one statement. Calls made in the same tick make it deterministic:
// the first is written alone at once, every later one joins the next statement.
describe.each(TEST_DATABASE_KINDS)("deploy decisions written together (group commit) on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;
  const serviceIds = new Map<string, string>();
  const teamIds = new Map<string, string>();

  /** A pending decision for `service` asking `team`, with its history and outbox rows, as buildDeployDecisionWrite shapes it. */
  function decisionWrite(service: string, team: string, version: string, idempotencyKey: string | null = null): TDeployDecisionWrite {
    const id = randomUUID();
    const at = new Date();
    const approvalId = randomUUID();
    const serviceId = serviceIds.get(service) ?? `missing-${service}`;
    return {
      request: {
        id,
        serviceId,
        environment: "production",
        version,
        commit: null,
        requestedBy: "ci",
        ciUrl: null,
        status: "pending",
        reasons: [{ rule: "r", type: "dependents_out_of_slo", effect: "require_approval", message: `asks ${team}`, facts: {} }],
        decisionFacts: { version: 1, summary: `needs ${team}`, breakGlass: false },
        breakGlassReason: null,
        idempotencyKey,
        requestHash: `hash-${version}`,
        expiresAt: new Date(at.getTime() + 3_600_000),
        decidedAt: null,
        createdAt: at,
      },
      approvals: [{ id: approvalId, teamId: teamIds.get(team) ?? "", reason: { because: [] }, createdAt: at }],
      events: ["requested", "decision"].map((key) => ({
        serviceId,
        type: `deploy_${key}`,
        title: `${service} ${version} ${key}`,
        details: { deployRequestId: id },
        actor: "ci",
        source: "api" as const,
        dedupeKey: `deploy:${id}:${key}:${serviceId}`,
        occurredAt: at,
      })),
      notifications: [{ id: randomUUID(), channel: "in_app", target: `team:${team}`, kind: "approval_request", payload: { approvalId, team: { slug: team } }, dedupeKey: `approval:${approvalId}` }],
    };
  }

  async function rowsOf(requestId: string) {
    const prisma = getPrisma();
    const [request, approvals, events, notifications] = await Promise.all([
      prisma.deployRequest.findUnique({ where: { id: requestId }, select: { organizationId: true, version: true, status: true, decisionFacts: true } }),
      prisma.approval.findMany({ where: { deployRequestId: requestId }, select: { organizationId: true, teamId: true } }),
      prisma.changeEvent.findMany({ where: { deployRequestId: requestId }, select: { organizationId: true, title: true } }),
      prisma.notification.findMany({ where: { deployRequestId: requestId }, select: { organizationId: true, kind: true } }),
    ]);
    return { request, approvals, events, notifications };
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("group-commit", "Group commit");
    other = await upsertOrganization("group-commit-other", "Other");
    const result = await importCatalog(org.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml");
    expect(result.errorCount).toBe(0);
    for (const row of await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })) serviceIds.set(row.slug, row.id);
    for (const row of await getPrisma().team.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })) teamIds.set(row.slug, row.id);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("writes decisions that arrive while one is in flight in one statement, each with exactly its own approvals, history and outbox rows", async () => {
    const before = await batchTotals();
    const writes = Array.from({ length: 6 }, (_, index) => decisionWrite(index % 2 ? "payments" : "checkout", index % 2 ? "checkout" : "payments", `1.${index}.0`));
    await Promise.all(writes.map((write) => insertDeployDecision(org.id, write)));
    // The first alone, the five that came meanwhile together.
    expect(await batchTotals()).toEqual({ statements: before.statements + 2, decisions: before.decisions + 6 });

    for (const write of writes) {
      const rows = await rowsOf(write.request.id);
      expect(rows.request).toMatchObject({ organizationId: org.id, version: write.request.version, status: "pending", decisionFacts: write.request.decisionFacts });
      expect(rows.approvals).toEqual([{ organizationId: org.id, teamId: write.approvals[0]?.teamId }]);
      expect(rows.events.map((event) => event.title).sort()).toEqual(write.events.map((event) => event.title).sort());
      expect(rows.notifications).toEqual([{ organizationId: org.id, kind: "approval_request" }]);
      expect(rows.events.every((event) => event.organizationId === org.id)).toBe(true);
    }
  });

  it("keeps Idempotency-Key exact inside a batch: the first request with a key is written, every later one writes nothing and gets a unique violation", async () => {
    const first = decisionWrite("payments", "checkout", "2.0.0", "key-batch");
    const again = Array.from({ length: 3 }, () => decisionWrite("payments", "checkout", "2.0.0", "key-batch"));
    const others = [decisionWrite("payments", "checkout", "2.1.0", "key-other"), decisionWrite("checkout", "payments", "2.2.0")];
    const outcomes = await Promise.allSettled([first, ...again, ...others].map((write) => insertDeployDecision(org.id, write)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "rejected", "rejected", "fulfilled", "fulfilled"]);
    for (const outcome of outcomes) if (outcome.status === "rejected") expect(isUniqueViolation(outcome.reason)).toBe(true);
    expect(await getPrisma().deployRequest.findMany({ where: { organizationId: org.id, idempotencyKey: "key-batch" }, select: { id: true } })).toEqual([{ id: first.request.id }]);
    for (const write of again) expect(await rowsOf(write.request.id)).toEqual({ request: null, approvals: [], events: [], notifications: [] });
    for (const write of others) expect((await rowsOf(write.request.id)).events).toHaveLength(2);
  });

  it("writes a batch all or nothing: a decision that breaks a constraint fails the statement, and written one by one the others succeed and it alone fails", async () => {
    const good = decisionWrite("payments", "checkout", "3.0.0");
    const broken = decisionWrite("deleted-meanwhile", "checkout", "3.1.0");
    await expect(insertDecisionsInOneStatement([{ organizationId: org.id, write: good }, { organizationId: org.id, write: broken }])).rejects.toThrow();
    expect(await rowsOf(good.request.id)).toEqual({ request: null, approvals: [], events: [], notifications: [] });

    const lead = decisionWrite("checkout", "payments", "3.2.0");
    const outcomes = await Promise.allSettled([lead, good, broken].map((write) => insertDeployDecision(org.id, write)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect((await rowsOf(good.request.id)).request).toMatchObject({ version: "3.0.0" });
    expect((await rowsOf(broken.request.id)).request).toBeNull();
  });

  it("writes each decision of a batch under its own organization", async () => {
    const ours = decisionWrite("payments", "checkout", "4.0.0", "key-tenant");
    // The same Idempotency-Key in another organization is another request (the key is per organization).
    const theirs = { ...decisionWrite("payments", "checkout", "4.0.0", "key-tenant"), approvals: [], notifications: [] };
    const lead = decisionWrite("checkout", "payments", "4.1.0");
    await Promise.all([insertDeployDecision(org.id, lead), insertDeployDecision(org.id, ours), insertDeployDecision(other.id, theirs)]);
    expect((await rowsOf(ours.request.id)).request?.organizationId).toBe(org.id);
    const rows = await rowsOf(theirs.request.id);
    expect(rows.request?.organizationId).toBe(other.id);
    expect(rows.events.map((event) => event.organizationId)).toEqual([other.id, other.id]);
  });
});
