import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import type { TReporter } from "@/server/incidents/incident-reporter.ts";
import { reportIncident } from "@/server/incidents/report-incident.ts";
import { updateIncident } from "@/server/incidents/update-incident.ts";
import { GATE_TEST_CATALOG } from "@/server/testing/gate-test-catalog.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import { getDeployRequestDetail } from "./get-deploy-request-detail.ts";
import { stopDeployRequestListener } from "./deploy-request-listener.ts";
import { savePolicyDocument } from "./save-policy-document.ts";

// The open_incident rule end to end: incidents reported through the same use case the web,
// the API and Slack use; the gate reads those still going on in the deployed service's
// neighbourhood (the service and its callers), and nothing else: not a callee's, not a
// SEV3, not a draft, not another organization's.

const POLICY = `rules:
  - name: incident-hold
    type: open_incident
    environments: [production]
  - name: incident-freeze
    type: open_incident
    environments: [hotfix]
    action: deny
    kinds: [SEV1]
    depth: 0
`;

const web: TReporter = { via: "web", name: "Amara Okafor", personId: null };
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };
let version = 0;

describe.each(TEST_DATABASE_KINDS)("the open_incident gate rule on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;
  const now = new Date();

  const deploy = (organizationId: string, environment: string, service = "payments") =>
    createDeployRequest(organizationId, { service, environment, version: `2.0.${(version += 1)}` }, { idempotencyKey: null, actor: token, baseUrl: "http://plumbline.test" });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("incident-gate", "Incident gate");
    other = await upsertOrganization("incident-gate-other", "Other");
    for (const organization of [org, other]) {
      expect((await importCatalog(organization.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml")).errorCount).toBe(0);
      await savePolicyDocument(organization.id, POLICY, { source: "ui", actor: "test" });
    }
    // checkout calls payments (a dependent); payments calls ledger (a dependency, not a dependent).
    const ids = new Map((await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })).map((row) => [row.slug, row.id]));
    await getPrisma().edge.create({ data: { organizationId: org.id, key: "mesh:checkout->payments", callerId: ids.get("checkout") ?? null, calleeId: ids.get("payments") ?? "", source: "mesh", requestRate: 30, lastSeenAt: now } });
  });
  afterAll(async () => {
    await stopDeployRequestListener();
    await db?.close();
  });

  it("nothing open: approved, and the check says what it looked at", async () => {
    // Noise the rule must not count: a SEV3 on payments, a SEV1 on ledger (payments' callee),
    // a draft on payments, and another organization's SEV1 on its own payments.
    await reportIncident(org.id, { title: "Slow refunds page", kind: "SEV3", services: ["payments"] }, web, { now });
    await reportIncident(org.id, { title: "Ledger is down", kind: "SEV1", services: ["ledger"] }, web, { now });
    await reportIncident(org.id, { title: "Break-glass deploy", kind: "SEV1", services: ["payments"] }, { via: "system", name: null, personId: null }, { now, status: "draft", dedupeKey: "draft:test:1" });
    await reportIncident(other.id, { title: "Their payments are down", kind: "SEV1", services: ["payments"] }, web, { now });

    const { request } = await deploy(org.id, "production");
    expect(request.status).toBe("approved");
    const detail = await getDeployRequestDetail(org.id, request.id, "http://plumbline.test");
    const check = detail?.checks.find((entry) => entry.rule === "incident-hold");
    expect(check).toMatchObject({ result: "passed", message: "no open SEV1 and SEV2 incident on payments or its dependents within 1 hop" });
  });

  it("hold: a SEV2 open on a dependent asks the incident's owner team; resolving it lets deploys through again", async () => {
    const { incident } = await reportIncident(org.id, { title: "Checkout times out at the payment step", kind: "SEV2", services: ["checkout"], ownerTeam: "storefront" }, web, { now });
    const { request } = await deploy(org.id, "production");
    expect(request.status).toBe("pending");
    expect(request.approvals.map((approval) => approval.team)).toEqual(["storefront"]);
    const reason = request.reasons.find((entry) => entry.rule === "incident-hold");
    expect(reason?.message).toMatch(/^SEV2 "Checkout times out at the payment step" is open on checkout, which calls payments .*approval from the incident's owners \(storefront\)$/);
    expect(request.approvals[0]?.because).toEqual([expect.objectContaining({ rule: "incident-hold", serviceSlug: "checkout" })]);
    // depth 0: the freeze only looks at payments itself, so a dependent's incident does not freeze it.
    expect((await deploy(org.id, "hotfix")).request.status).toBe("approved");

    await updateIncident(org.id, incident.id, { status: "resolved" }, web, new Date());
    expect((await deploy(org.id, "production")).request.status).toBe("approved");
  });

  it("freeze: a SEV1 open on the service itself rejects; mitigated still counts; the other organization is unaffected", async () => {
    const { incident } = await reportIncident(org.id, { title: "Payments double-charges cards", kind: "SEV1", services: ["payments"] }, web, { now });
    const frozen = await deploy(org.id, "hotfix");
    expect(frozen.request.status).toBe("rejected");
    expect(frozen.request.reasons.find((entry) => entry.rule === "incident-freeze")?.message).toMatch(/^SEV1 "Payments double-charges cards" is open on payments .*deploys are frozen until it is resolved$/);
    // The hold asks the incident's owner: the service's owner team (the reporter named none).
    const held = await deploy(org.id, "production");
    expect(held.request.approvals.map((approval) => approval.team)).toEqual(["payments"]);

    await updateIncident(org.id, incident.id, { status: "mitigated" }, web, new Date());
    expect((await deploy(org.id, "hotfix")).request.status).toBe("rejected");
    // The other organization's gate sees its own SEV1 (and ours did not, in the first case).
    expect((await deploy(other.id, "production")).request.approvals.map((approval) => approval.team)).toEqual(["payments"]);
    expect((await deploy(other.id, "production", "web")).request.status).toBe("approved");
    await updateIncident(org.id, incident.id, { status: "resolved" }, web, new Date());
    expect((await deploy(org.id, "hotfix")).request.status).toBe("approved");
  });
});
