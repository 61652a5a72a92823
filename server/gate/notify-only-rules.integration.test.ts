import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { listOutbox } from "@/server/notifications/list-outbox.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { GATE_TEST_CATALOG } from "@/server/testing/gate-test-catalog.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import { stopDeployRequestListener } from "./deploy-request-listener.ts";
import { savePolicyDocument } from "./save-policy-document.ts";

const BASE_URL = "http://plumbline.test";
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };

// checkout (owned by the checkout team) calls payments and is out of SLO. With the
// dependents rule notify-only, a payments deploy goes through and checkout is told.
const NOTIFY_ONLY_POLICY = `rules:
  - name: tell-dependents
    type: dependents_out_of_slo
    require: notification
`;

describe.each(TEST_DATABASE_KINDS)("notify-only rules (require: notification) on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("notify-only-test", "Notify-only test");
    expect((await importCatalog(org.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml")).errorCount).toBe(0);
    const ids = new Map((await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })).map((row) => [row.slug, row.id]));
    await getPrisma().edge.create({
      data: { organizationId: org.id, key: "mesh:checkout->payments", callerId: ids.get("checkout") ?? null, calleeId: ids.get("payments") ?? "", source: "mesh", requestRate: 30, lastSeenAt: new Date() },
    });
    await getPrisma().slo.create({
      data: {
        organizationId: org.id,
        serviceId: ids.get("checkout") ?? "",
        name: "availability",
        kind: "availability",
        objective: 99.9,
        status: "breached",
        isOutOfSlo: true,
        budgetRemaining: -0.12,
        burnRates: { "1h": 14.8 },
        evaluatedAt: new Date(),
      },
    });
    expect((await savePolicyDocument(org.id, NOTIFY_ONLY_POLICY, { source: "ui", actor: null })).ok).toBe(true);
  });
  afterAll(async () => {
    await stopDeployRequestListener();
    await db?.close();
  });

  it("lets the deploy through at once and records that the owners were told", async () => {
    const { request } = await createDeployRequest(org.id, { service: "payments", environment: "production", version: "2.0.0", requestedBy: "ci" }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });
    expect(request.status).toBe("approved");
    expect(request.approvals).toEqual([]);
    const notice = request.reasons.find((reason) => reason.effect === "notify");
    expect(notice).toMatchObject({ rule: "tell-dependents" });
    expect(notice?.message).toMatch(/checkout \(owned by checkout\) is out of SLO.*Checkout|checkout is told instead of asked/);

    // The notification: one outbox row for the team (in-app without Slack), with the decision.
    const rows = await getPrisma().notification.findMany({ where: { organizationId: org.id, deployRequestId: request.id }, select: { kind: true, channel: true, target: true } });
    expect(rows).toEqual([{ kind: "deploy_notification", channel: "inapp", target: "team:checkout" }]);
    // The history of both services says who was told.
    const events = await getPrisma().changeEvent.findMany({ where: { organizationId: org.id, deployRequestId: request.id, type: "deploy_owners_notified" }, select: { title: true, service: { select: { slug: true } } } });
    expect(events.map((event) => event.service?.slug).sort()).toEqual(["checkout", "payments"]);
    expect(events[0]?.title).toContain("Checkout told (notify-only tell-dependents)");

    // /notifications renders it as Slack would: a heads-up, nothing to decide.
    const [entry] = (await listOutbox(org.id, { limit: 10 })).filter((candidate) => candidate.deployRequestId === request.id);
    expect(entry?.message?.text).toBe("Heads-up: ci is deploying payments 2.0.0 → production");
    expect(entry?.message?.blocks.some((block) => block.type === "actions")).toBe(false);
    expect(JSON.stringify(entry?.message?.blocks)).toContain("out of SLO");
    expect(entry?.openApproval).toBeNull();
  });
});
