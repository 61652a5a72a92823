import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { decideApproval } from "@/server/gate/decide-approval.ts";
import { stopDeployRequestListener } from "@/server/gate/deploy-request-listener.ts";
import { reportDeployEvent } from "@/server/gate/report-deploy-event.ts";
import { savePolicyDocument } from "@/server/gate/save-policy-document.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { GATE_TEST_CATALOG } from "@/server/testing/gate-test-catalog.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { draftNearMisses } from "./draft-near-misses.ts";
import { DRAFT_READ_LIMITS } from "./incidents-drafts.repository.ts";
import { listIncidents } from "./list-incidents.ts";
import { updateIncident } from "./update-incident.ts";

// Plumbline's near-miss drafts per trigger, against real deploy requests, approvals and
// SLO transition events: each trigger drafts once for its owner team, a second sweep adds
// nothing, a dismissed draft is never proposed again, and nothing else drafts.

const POLICY = `rules:
  - name: dependents-out-of-slo
    type: dependents_out_of_slo
  - name: own-budget-exhausted
    type: own_budget_exhausted
  - name: break-glass
    type: break_glass
`;
const BASE_URL = "http://plumbline.test";
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };

describe.each(TEST_DATABASE_KINDS)("near-miss drafts on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  const ids = new Map<string, string>();
  let version = 0;

  const deploy = (service: string, extra: { breakGlassReason?: string } = {}) =>
    createDeployRequest(org.id, { service, environment: "production", version: `3.0.${(version += 1)}`, requestedBy: "alice", ...extra }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });

  async function setSlo(service: string, status: "healthy" | "breached", budgetRemaining: number) {
    const serviceId = ids.get(service) ?? "";
    const data = { status, isOutOfSlo: status === "breached", budgetRemaining, burnRates: {}, isTelemetryStale: false, evaluatedAt: new Date() } as const;
    await getPrisma().slo.upsert({ where: { serviceId_name: { serviceId, name: "availability" } }, create: { organizationId: org.id, serviceId, name: "availability", kind: "availability", objective: 99.9, ...data }, update: data });
  }

  const drafts = async () => (await getPrisma().incident.findMany({ where: { organizationId: org.id, status: "draft" }, select: { id: true, dedupeKey: true, kind: true, title: true, ownerTeam: { select: { slug: true } }, services: { select: { service: { select: { slug: true } } }, orderBy: { createdAt: "asc" } }, draftTrigger: true } })).map((row) => ({ ...row, ownerTeam: row.ownerTeam?.slug ?? null, services: row.services.map((link) => link.service.slug) }));

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("near-miss-drafts", "Near-miss drafts");
    expect((await importCatalog(org.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml")).errorCount).toBe(0);
    await savePolicyDocument(org.id, POLICY, { source: "ui", actor: "test" });
    for (const row of await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })) ids.set(row.slug, row.id);
    await getPrisma().edge.create({ data: { organizationId: org.id, key: "mesh:checkout->payments", callerId: ids.get("checkout") ?? null, calleeId: ids.get("payments") ?? "", source: "mesh", requestRate: 30, lastSeenAt: new Date() } });
  });
  afterAll(async () => {
    await stopDeployRequestListener();
    await db?.close();
  });

  it("nothing happened: no drafts (an ordinary approved deploy, a break-glass reason nobody needed)", async () => {
    await setSlo("payments", "healthy", 0.6);
    await setSlo("checkout", "healthy", 0.6);
    expect((await deploy("payments")).request.status).toBe("approved");
    expect((await deploy("payments", { breakGlassReason: "just in case" })).request.breakGlass).toBe(false);
    expect(await draftNearMisses(org.id, new Date())).toEqual({ drafted: 0, proposed: 0, limited: [] });
  });

  it("break-glass: one draft for the service's owners, idempotent; a dismissed one stays dismissed", async () => {
    await setSlo("payments", "breached", -0.2);
    const { request } = await deploy("payments", { breakGlassReason: "hotfix for the refund bug" });
    expect(request).toMatchObject({ status: "approved", breakGlass: true });

    expect((await draftNearMisses(org.id, new Date())).drafted).toBe(1);
    const [draft] = await drafts();
    expect(draft).toMatchObject({
      dedupeKey: `draft:break_glass:${request.id}`,
      kind: "near_miss",
      ownerTeam: "payments",
      services: ["payments"],
      title: `payments ${request.version} went to production by break-glass overriding own-budget-exhausted`,
      draftTrigger: { trigger: "break_glass", deployRequestId: request.id, reason: "hotfix for the refund bug" },
    });
    expect(await draftNearMisses(org.id, new Date())).toEqual({ drafted: 0, proposed: 1, limited: [] });

    // Drafts are not reports: not in the list of filed incidents until their owner files them.
    expect((await listIncidents(org.id, { limit: 50 })).some((incident) => incident.id === draft?.id)).toBe(false);
    await updateIncident(org.id, draft?.id ?? "", { status: "dismissed" }, { via: "web", name: "Jane Doe", personId: null }, new Date());
    expect((await draftNearMisses(org.id, new Date())).drafted).toBe(0);
    expect(await drafts()).toEqual([]);
    await setSlo("payments", "healthy", 0.6);
  });

  it("approval while a dependent was breached: a draft for the approving team, about both services", async () => {
    await setSlo("checkout", "breached", -0.1);
    const { request } = await deploy("payments");
    expect(request.approvals.map((approval) => approval.team)).toEqual(["checkout"]);
    expect(await draftNearMisses(org.id, new Date())).toMatchObject({ drafted: 0 });
    await decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision: "approve", person: "priya.raman@gate.test" }, { channel: "web", baseUrl: BASE_URL });

    expect((await draftNearMisses(org.id, new Date())).drafted).toBe(1);
    const [draft] = await drafts();
    expect(draft).toMatchObject({ ownerTeam: "checkout", services: ["payments", "checkout"], title: `Priya Raman approved payments ${request.version} to production while checkout was breached` });
    expect(draft?.dedupeKey).toMatch(/^draft:approval_while_breached:/);
    expect((await draftNearMisses(org.id, new Date())).drafted).toBe(0);
    await updateIncident(org.id, draft?.id ?? "", { status: "dismissed" }, { via: "web", name: "Priya Raman", personId: null }, new Date());
    await setSlo("checkout", "healthy", 0.6);
  });

  it("SLO worse within 30 minutes of a deploy: one draft per deploy; later or better transitions draft nothing", async () => {
    const { request } = await deploy("ledger");
    expect(request.status).toBe("approved");
    const deployedAt = new Date(Date.now() - 40 * 60_000);
    await getPrisma().deployRequest.update({ where: { id: request.id }, data: { decidedAt: deployedAt } });
    await reportDeployEvent(org.id, request.id, { type: "succeeded" }, { actor: token, baseUrl: BASE_URL, now: deployedAt });
    // What the SLO worker writes on a transition (server/slo/slo.repository.ts writeSloEvaluations).
    const transition = (minutesAfter: number, from: string, to: string, key: string) =>
      getPrisma().changeEvent.create({
        data: { organizationId: org.id, serviceId: ids.get("ledger") ?? null, type: "slo_status_changed", title: `ledger: SLO availability ${from} → ${to}`, details: { sloName: "availability", from, to }, source: "mesh", dedupeKey: key, occurredAt: new Date(deployedAt.getTime() + minutesAfter * 60_000) },
      });
    await transition(5, "breached", "healthy", "slo:t1");
    await transition(35, "healthy", "breached", "slo:t2");
    expect((await draftNearMisses(org.id, new Date())).drafted).toBe(0);

    await transition(12, "healthy", "at_risk", "slo:t3");
    await transition(20, "at_risk", "breached", "slo:t4");
    expect((await draftNearMisses(org.id, new Date())).drafted).toBe(1);
    const [draft] = await drafts();
    expect(draft).toMatchObject({ dedupeKey: `draft:slo_transition_after_deploy:${request.id}`, ownerTeam: "payments", services: ["ledger"], title: `ledger: SLO availability went healthy → at risk 12 min after ${request.version} reached production` });
    expect((await draftNearMisses(org.id, new Date())).drafted).toBe(0);
  });

  it("a busy lookback: the newest deploys are read first, and the sweep says it hit its limit", async () => {
    // More deploys of ledger let through in the six hours than one sweep reads, all older than the one that matters.
    const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60_000);
    await getPrisma().deployRequest.createMany({
      data: Array.from({ length: DRAFT_READ_LIMITS.deploys }, (_, index) => ({
        organizationId: org.id,
        serviceId: ids.get("ledger") ?? "",
        environment: "production",
        version: `1.${index}.0`,
        status: "approved" as const,
        createdAt: threeHoursAgo,
        decidedAt: threeHoursAgo,
      })),
    });
    const { request } = await deploy("ledger");
    const deployedAt = new Date(Date.now() - 10 * 60_000);
    await getPrisma().deployRequest.update({ where: { id: request.id }, data: { decidedAt: deployedAt } });
    await getPrisma().changeEvent.create({
      data: { organizationId: org.id, serviceId: ids.get("ledger") ?? null, type: "slo_status_changed", title: "ledger: SLO availability healthy → at_risk", details: { sloName: "availability", from: "healthy", to: "at_risk" }, source: "mesh", dedupeKey: "slo:t5", occurredAt: new Date(deployedAt.getTime() + 3 * 60_000) },
    });

    const sweep = await draftNearMisses(org.id, new Date());
    expect(sweep).toMatchObject({ drafted: 1, limited: ["deploys"] });
    expect((await drafts()).map((draft) => draft.dedupeKey)).toContain(`draft:slo_transition_after_deploy:${request.id}`);
  });
});
