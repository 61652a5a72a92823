import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { listOutbox } from "@/server/notifications/list-outbox.ts";
import { GATE_TEST_CATALOG, GATE_TEST_POLICY_YAML } from "@/server/testing/gate-test-catalog.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import { decideApproval } from "./decide-approval.ts";
import { listDeployRequests } from "./list-deploy-requests.ts";
import { savePolicyDocument } from "./save-policy-document.ts";

// Issue 21: where and when a decision was made. Messages are dated when their change
// happened (the demo seeds requests 20 h back at start-up; /notifications showed the
// start-up time), a web approval is recorded as made on the web all the way through (it
// used to settle the request "via API"), and /deploys finds a service by a rough name.

const BASE_URL = "http://plumbline.test";
const HOUR = 3_600_000;
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };

describe.each(TEST_DATABASE_KINDS)("deploy request origins on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("origins-test", "Origins test");
    const result = await importCatalog(org.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml");
    expect(result.errorCount).toBe(0);
    const saved = await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: "test" });
    expect(saved.ok).toBe(true);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("dates outbox messages when the request and the decision happened, not when they were written", async () => {
    const requestedAt = new Date(Date.now() - 20 * HOUR);
    const decidedAt = new Date(requestedAt.getTime() + 20 * 60_000);
    const { request } = await createDeployRequest(
      org.id,
      { service: "payments", environment: "staging", version: "7.0.0" },
      { idempotencyKey: null, actor: token, baseUrl: BASE_URL, now: requestedAt },
    );
    expect(request.status).toBe("pending");
    await decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision: "approve", person: "priya.raman" }, { channel: "web", baseUrl: BASE_URL, now: decidedAt });

    const outbox = (await listOutbox(org.id, { limit: 50 })).filter((entry) => entry.deployRequestId === request.id);
    const asked = outbox.find((entry) => entry.kind === "approval_request");
    expect(asked?.createdAt).toBe(requestedAt.toISOString());
    for (const entry of outbox.filter((candidate) => candidate.kind !== "approval_request")) {
      expect(entry.createdAt, entry.kind).toBe(decidedAt.toISOString());
    }
    const onlyRequests = await listOutbox(org.id, { limit: 50, kind: "approval_request" });
    expect(onlyRequests.length).toBeGreaterThan(0);
    expect(onlyRequests.every((entry) => entry.kind === "approval_request")).toBe(true);
  });

  it("records a web approval, and the request it settles, as made on the web", async () => {
    const { request } = await createDeployRequest(org.id, { service: "payments", environment: "staging", version: "7.1.0" }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });
    const decided = await decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision: "approve", person: "priya.raman" }, { channel: "web", baseUrl: BASE_URL });
    expect(decided.status).toBe("approved");
    expect(decided.approvals[0]).toMatchObject({ channel: "web" });

    const events = await getPrisma().changeEvent.findMany({
      where: { organizationId: org.id, deployRequestId: request.id, type: { in: ["approval_given", "deploy_approved"] } },
      select: { type: true, source: true, details: true },
    });
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(["approval_given", "deploy_approved"]));
    for (const event of events) {
      expect(event.source, event.type).toBe("ui");
      expect(event.details, event.type).toMatchObject({ channel: "web" });
    }
  });

  it("records a Slack approval's settling with its channel", async () => {
    const { request } = await createDeployRequest(org.id, { service: "payments", environment: "staging", version: "7.2.0" }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });
    await decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision: "reject", person: "priya.raman" }, { channel: "slack", baseUrl: BASE_URL });
    const settled = await getPrisma().changeEvent.findFirstOrThrow({ where: { organizationId: org.id, deployRequestId: request.id, type: "deploy_rejected" }, select: { details: true } });
    expect(settled.details).toMatchObject({ channel: "slack" });
  });

  it("finds deploy requests by a rough service name (q), and none for a name nothing resembles", async () => {
    const byTypo = await listDeployRequests(org.id, { q: "paymnts", limit: 50 });
    expect(byTypo.length).toBeGreaterThanOrEqual(3);
    expect(byTypo.every((request) => request.service.slug === "payments")).toBe(true);
    expect(await listDeployRequests(org.id, { q: "Payments", limit: 50 })).toHaveLength(byTypo.length);
    expect(await listDeployRequests(org.id, { q: "zzzz", limit: 50 })).toEqual([]);
    expect(await listDeployRequests(org.id, { q: "checkout", limit: 50 })).toEqual([]);
  });
});
