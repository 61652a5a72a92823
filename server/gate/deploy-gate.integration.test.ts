import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICIES } from "@/domain/policy/default-policies.ts";
import { parsePolicyYaml } from "@/domain/policy/parse-policy-yaml.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { AppError } from "@/server/http/problem.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { GATE_TEST_CATALOG } from "@/server/testing/gate-test-catalog.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import { decideApproval } from "./decide-approval.ts";
import { ensureDeployRequestListener, stopDeployRequestListener } from "./deploy-request-listener.ts";
import { announceDeployRequestChange, countDeployRequestWaiters, countSleepingDeployRequestWaiters } from "./deploy-request-notifier.ts";
import { expireDeployRequests } from "./expire-deploy-requests.ts";
import { gatherGateFacts } from "./gather-gate-facts.ts";
import { findGateServiceWithNeighbourhood, findTeamsBySlugs } from "./gate.repository.ts";
import { deleteSmtpSettings, upsertSmtpSettings } from "@/server/email/email.repository.ts";
import { getDeployRequestDetail } from "./get-deploy-request-detail.ts";
import { getActivePolicies } from "./policy-document.ts";
import { reportDeployEvent } from "./report-deploy-event.ts";
import { savePolicyDocument } from "./save-policy-document.ts";
import { waitForDeployRequest } from "./wait-for-deploy-request.ts";

const BASE_URL = "http://plumbline.test";
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };
const create = (orgId: string, body: Record<string, string>, idempotencyKey: string | null = null, now?: Date) =>
  createDeployRequest(orgId, { service: "payments", environment: "production", version: "1.0.0", ...body }, { idempotencyKey, actor: token, baseUrl: BASE_URL, ...(now ? { now } : {}) });

async function expectAppError(promise: Promise<unknown>, status: number, detail?: RegExp): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.status).toBe(status);
  if (detail) expect(appError.detail).toMatch(detail);
  return appError;
}

describe.each(TEST_DATABASE_KINDS)("deploy gate use cases on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  const serviceIds = new Map<string, string>();

  /** checkout sends payments 30 req/s (75 %), an unknown caller 10 req/s; web sends checkout 20 req/s. */
  async function addMeshEdge(caller: string | null, callee: string, requestRate: number) {
    await getPrisma().edge.create({
      data: {
        organizationId: org.id,
        key: `mesh:${caller ?? "unknown"}->${callee}`,
        callerId: caller === null ? null : (serviceIds.get(caller) ?? null),
        calleeId: serviceIds.get(callee) ?? "",
        source: "mesh",
        requestRate,
        lastSeenAt: new Date(),
      },
    });
  }

  async function setSlo(service: string, slo: { status: "healthy" | "at_risk" | "breached" | "no_data"; isOutOfSlo?: boolean; budgetRemaining?: number | null; burnRates?: Record<string, number>; isTelemetryStale?: boolean }) {
    const serviceId = serviceIds.get(service) ?? "";
    const data = {
      status: slo.status,
      isOutOfSlo: slo.isOutOfSlo ?? slo.status === "breached",
      budgetRemaining: slo.budgetRemaining ?? null,
      burnRates: slo.burnRates ?? {},
      isTelemetryStale: slo.isTelemetryStale ?? false,
      evaluatedAt: new Date(),
    };
    await getPrisma().slo.upsert({
      where: { serviceId_name: { serviceId, name: "availability" } },
      create: { organizationId: org.id, serviceId, name: "availability", kind: "availability", objective: 99.9, ...data },
      update: data,
    });
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("gate-test", "Gate test");
    const result = await importCatalog(org.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml");
    expect(result.errorCount).toBe(0);
    for (const row of await getPrisma().service.findMany({ where: { organizationId: org.id }, select: { id: true, slug: true } })) {
      serviceIds.set(row.slug, row.id);
    }
    await addMeshEdge("checkout", "payments", 30);
    await addMeshEdge(null, "payments", 10);
    await addMeshEdge("web", "checkout", 20);
    await setSlo("payments", { status: "healthy", budgetRemaining: 0.7, burnRates: { "1h": 0.4 } });
    await setSlo("checkout", { status: "breached", budgetRemaining: -0.1, burnRates: { "1h": 16, "6h": 8 } });
    await setSlo("web", { status: "at_risk", isOutOfSlo: true, budgetRemaining: 0.3, burnRates: { "1h": 15 } });
  });
  afterAll(async () => {
    await stopDeployRequestListener();
    await db?.close();
  });

  it("gathers the service's neighbourhood: direct callers at depth 1, their callers too at depth 2, with shares and SLO facts", async () => {
    const shallow = await gatherGateFacts(org.id, DEFAULT_POLICIES, { service: "payments", environment: "production" });
    expect(shallow.facts.service).toEqual({ slug: "payments", ownerTeamSlug: "payments" });
    expect(shallow.facts.ownSlo).toMatchObject({ status: "healthy", isOutOfSlo: false, budgetRemaining: 0.7, burnRate1h: 0.4 });
    expect(shallow.facts.dependents.map((dependent) => dependent.slug)).toEqual(["checkout"]);
    // 30 of 40 req/s (the unknown caller counts in the total); declared + mesh edges merge.
    expect(shallow.facts.dependents[0]).toMatchObject({ ownerTeamSlug: "checkout", depth: 1, trafficShare: 0.75, requestRate: 30 });
    expect(shallow.facts.dependents[0]?.slo).toMatchObject({ status: "breached", isOutOfSlo: true, burnRate1h: 16 });

    const deep = parsePolicyYaml("rules:\n  - name: deep\n    type: dependents_out_of_slo\n    depth: 2\n");
    if (!deep.ok) throw new Error("test policy invalid");
    const gathered = await gatherGateFacts(org.id, deep.policies, { service: "payments", environment: "production" });
    expect(gathered.facts.dependents.map((dependent) => [dependent.slug, dependent.depth, dependent.via])).toEqual([
      ["checkout", 1, []],
      ["web", 2, ["checkout"]],
    ]);
    expect(gathered.facts.dependents[1]?.trafficShare).toBeCloseTo(0.75);
  });

  it("decides on the neighbourhood the policy in force asks for, right after it deepens or goes back (the read ahead guessed the old depth)", async () => {
    // The decision reads its neighbourhood in the statement that finds the policy's version, at the depth of the set last parsed.
    const before = await create(org.id, { version: "0.9.0" });
    expect(before.request.approvals.map((approval) => approval.team)).toEqual(["checkout"]);
    const saved = await savePolicyDocument(org.id, "rules:\n  - name: deep\n    type: dependents_out_of_slo\n    depth: 2\n", { source: "ui", actor: "test" });
    expect(saved.ok).toBe(true);
    try {
      const deep = await create(org.id, { version: "0.9.1" });
      expect(deep.request.approvals).toHaveLength(2);
      expect(deep.request.approvals.map((approval) => approval.team)).toContain("checkout");
    } finally {
      await getPrisma().policy.deleteMany({ where: { organizationId: org.id } });
    }
    const after = await create(org.id, { version: "0.9.2" });
    expect(after.request.approvals.map((approval) => approval.team)).toEqual(["checkout"]);
  });

  it("answers an unknown service with a 422 that says where services come from", async () => {
    await expectAppError(create(org.id, { service: "nope" }), 422, /No service "nope"/);
  });

  it("writes a pending decision with its approval, history on both services and one outbox row, in one go", async () => {
    const { created, request } = await create(org.id, { version: "1.1.0", requestedBy: "alice", commit: "abc1234" });
    expect(created).toBe(true);
    expect(request).toMatchObject({ status: "pending", service: "payments", environment: "production", requestedBy: "alice" });
    expect(request.approvals).toEqual([expect.objectContaining({ team: "checkout", status: "pending" })]);
    expect(request.approvals[0]?.because[0]?.message).toContain("checkout");
    expect(request.reasons.some((reason) => reason.rule === "dependents-out-of-slo" && reason.effect === "require_approval")).toBe(true);
    expect(request.links).toEqual({ self: `${BASE_URL}/api/v1/deploy-requests/${request.id}`, ui: `${BASE_URL}/deploys/${request.id}` });

    const prisma = getPrisma();
    const approval = await prisma.approval.findFirstOrThrow({ where: { deployRequestId: request.id } });
    const notifications = await prisma.notification.findMany({ where: { deployRequestId: request.id } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ channel: "inapp", kind: "approval_request", dedupeKey: `approval:${approval.id}`, target: "team:checkout", status: "pending" });
    expect(notifications[0]?.payload).toMatchObject({ team: { slug: "checkout" }, service: { slug: "payments" }, version: "1.1.0", requestedBy: "alice" });
    const events = await prisma.changeEvent.findMany({ where: { deployRequestId: request.id }, include: { service: { select: { slug: true } } } });
    expect(new Set(events.map((event) => event.service?.slug))).toEqual(new Set(["payments", "checkout"]));
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(["deploy_requested", "deploy_gate_decision"]));
    expect(events.every((event) => event.dedupeKey?.startsWith(`deploy:${request.id}:`))).toBe(true);

    const stored = await prisma.deployRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored.decisionFacts).toMatchObject({ facts: { dependents: [{ slug: "checkout" }] }, policy: { source: "default" } });
    expect(stored.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
  });

  it("lets only an owner of the asked team decide, settles the request, and answers a second decision with who decided", async () => {
    const { request } = await create(org.id, { version: "1.2.0" });
    const decide = (person: string, decision: "approve" | "reject" = "approve") =>
      decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision, person, comment: "ok" }, { channel: "web", baseUrl: BASE_URL });

    await expectAppError(decide("jane.doe@gate.test"), 403, /not a member of Checkout/);
    await expectAppError(decide("hana.sato@gate.test"), 403, /not one of its owners/);
    await expectAppError(decide("nobody@gate.test"), 422, /No person/);
    await expectAppError(
      decideApproval(org.id, { deployRequestId: request.id, teamSlug: "payments", decision: "approve", person: "jane.doe@gate.test" }, { channel: "web", baseUrl: BASE_URL }),
      404,
      /not asked/,
    );

    const approved = await decide("priya.raman@gate.test");
    expect(approved.status).toBe("approved");
    expect(approved.approvals[0]).toMatchObject({ status: "approved", decidedBy: "Priya Raman", channel: "web", comment: "ok" });

    const again = await expectAppError(decide("priya.raman@gate.test", "reject"), 409, /already approved, by Priya Raman/);
    expect(again.extra).toMatchObject({ decidedBy: "Priya Raman", approvalStatus: "approved" });

    const detail = await getDeployRequestDetail(org.id, request.id, BASE_URL);
    expect(detail?.timeline.map((entry) => entry.type)).toEqual(["deploy_requested", "deploy_gate_decision", "approval_given", "deploy_approved"]);
    expect(detail?.approvalDeciders.checkout?.map((person) => person.email)).toEqual(["priya.raman@gate.test"]);
  });

  it("rejects at the first reject", async () => {
    const { request } = await create(org.id, { version: "1.3.0" });
    const rejected = await decideApproval(
      org.id,
      { deployRequestId: request.id, teamSlug: "checkout", decision: "reject", person: "priya.raman", comment: "not now" },
      { channel: "api", baseUrl: BASE_URL },
    );
    expect(rejected.status).toBe("rejected");
    await expectAppError(reportDeployEvent(org.id, request.id, { type: "started" }, { actor: token, baseUrl: BASE_URL }), 409, /rejected, not approved/);
  });

  it("needs every asked team: approved only after the last one", async () => {
    const saved = await savePolicyDocument(
      org.id,
      `rules:\n  - name: two\n    type: freeze_window\n    environments: [qa]\n    timezone: UTC\n    recurring: [{ days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00" }]\n    action: require_approval\n    approvalTeams: [checkout, storefront]\n`,
      { source: "ui", actor: "test" },
    );
    expect(saved.ok).toBe(true);
    try {
      const { request } = await create(org.id, { environment: "qa", version: "2.0.0" });
      expect(request.approvals.map((approval) => approval.team)).toEqual(["checkout", "storefront"]);
      const first = await decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision: "approve", person: "priya.raman" }, { channel: "web", baseUrl: BASE_URL });
      expect(first.status).toBe("pending");
      const second = await decideApproval(org.id, { deployRequestId: request.id, teamSlug: "storefront", decision: "approve", person: "amara.okafor" }, { channel: "web", baseUrl: BASE_URL });
      expect(second.status).toBe("approved");
    } finally {
      await getPrisma().policy.deleteMany({ where: { organizationId: org.id } });
    }
  });

  it("rejects, saying why, when the team a policy asks for is not in the catalog", async () => {
    await savePolicyDocument(
      org.id,
      `rules:\n  - name: ghost-freeze\n    type: freeze_window\n    timezone: UTC\n    recurring: [{ days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00" }]\n    action: require_approval\n    approvalTeams: [ghosts]\n`,
      { source: "ui", actor: "test" },
    );
    try {
      const { request } = await create(org.id, { version: "2.1.0" });
      expect(request.status).toBe("rejected");
      expect(request.reasons.at(-1)).toMatchObject({ rule: "(gate)", type: "unknown_team", effect: "deny" });
      expect(request.reasons.at(-1)?.message).toContain('"ghosts"');
    } finally {
      await getPrisma().policy.deleteMany({ where: { organizationId: org.id } });
    }
  });

  it("approves when nothing objects and records CI's outcome", async () => {
    await setSlo("checkout", { status: "healthy", budgetRemaining: 0.5 });
    try {
      const { request } = await create(org.id, { version: "3.0.0" });
      expect(request.status).toBe("approved");
      expect(request.approvals).toEqual([]);
      await reportDeployEvent(org.id, request.id, { type: "started" }, { actor: token, baseUrl: BASE_URL });
      const deployed = await reportDeployEvent(org.id, request.id, { type: "succeeded" }, { actor: token, baseUrl: BASE_URL });
      expect(deployed.status).toBe("deployed");
      // A repeated report is a no-op, not a second history entry.
      await reportDeployEvent(org.id, request.id, { type: "succeeded" }, { actor: token, baseUrl: BASE_URL });
      const types = (await getPrisma().changeEvent.findMany({ where: { deployRequestId: request.id, serviceId: serviceIds.get("payments") ?? "" } })).map((event) => event.type);
      expect(types.sort()).toEqual(["deploy_gate_decision", "deploy_requested", "deploy_started", "deploy_succeeded"]);
    } finally {
      await setSlo("checkout", { status: "breached", budgetRemaining: -0.1, burnRates: { "1h": 16 } });
    }
  });

  it("expires pending requests once, approvals included, and reads them as expired", async () => {
    const { request } = await create(org.id, { version: "4.0.0" });
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await expireDeployRequests(later)).toBeGreaterThanOrEqual(1);
    expect(await expireDeployRequests(later)).toBe(0);
    const detail = await getDeployRequestDetail(org.id, request.id, BASE_URL);
    expect(detail?.status).toBe("expired");
    expect(detail?.approvals.map((approval) => approval.status)).toEqual(["expired"]);
    expect(detail?.timeline.at(-1)?.type).toBe("deploy_expired");
    await expectAppError(
      decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision: "approve", person: "priya.raman" }, { channel: "web", baseUrl: BASE_URL }),
      409,
      /already expired/,
    );
  });

  it("honours Idempotency-Key: same body → same request; different body → 409; 10 concurrent → one request", async () => {
    const first = await create(org.id, { version: "5.0.0" }, "key-1");
    const again = await create(org.id, { version: "5.0.0" }, "key-1");
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, request: { id: first.request.id } });
    await expectAppError(create(org.id, { version: "5.0.1" }, "key-1"), 409, /different deploy request/);

    const results = await Promise.all(Array.from({ length: 10 }, () => create(org.id, { version: "5.1.0" }, "key-concurrent")));
    expect(new Set(results.map((result) => result.request.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await getPrisma().deployRequest.count({ where: { organizationId: org.id, idempotencyKey: "key-concurrent" } })).toBe(1);

    const unkeyed = await Promise.all([create(org.id, { version: "5.2.0" }), create(org.id, { version: "5.2.0" })]);
    expect(unkeyed[0].request.id).not.toBe(unkeyed[1].request.id);
  });

  it("reads the neighbourhood's owner teams and whether the organization has a mail server with the decision, as the statements they replace read them", async () => {
    const read = await findGateServiceWithNeighbourhood(org.id, "payments", 1);
    // payments and its one known caller at depth 1, checkout.
    const owners = [...(read?.ownerTeams ?? [])].sort((a, b) => a.slug.localeCompare(b.slug));
    expect(owners).toEqual([...(await findTeamsBySlugs(org.id, ["checkout", "payments"]))].sort((a, b) => a.slug.localeCompare(b.slug)));
    expect(read?.hasOwnMailServer).toBe(false);
    // Teams already read answer without a statement; a slug they lack is read from the database.
    expect(await findTeamsBySlugs(org.id, ["checkout"], owners)).toEqual(owners.filter((team) => team.slug === "checkout"));
    const withStorefront = await findTeamsBySlugs(org.id, ["checkout", "storefront"], owners);
    expect(withStorefront.map((team) => team.slug).sort()).toEqual(["checkout", "storefront"]);
    expect(await findTeamsBySlugs(org.id, ["checkout", "no-such-team"], owners)).toEqual(await findTeamsBySlugs(org.id, ["checkout", "no-such-team"]));

    await upsertSmtpSettings(org.id, { host: "smtp.example.com", port: 587, secure: false, username: null, passwordCiphertext: null, fromAddress: "gate@example.com" });
    try {
      expect((await findGateServiceWithNeighbourhood(org.id, "payments", 1))?.hasOwnMailServer).toBe(true);
    } finally {
      await deleteSmtpSettings(org.id);
    }
  });

  it("keeps another organization's requests invisible", async () => {
    const other = await upsertOrganization("gate-other", "Other");
    const { request } = await create(org.id, { version: "6.0.0" });
    expect(await getDeployRequestDetail(other.id, request.id, BASE_URL)).toBeNull();
    await expectAppError(waitForDeployRequest(other.id, request.id, { waitSeconds: 0, baseUrl: BASE_URL }), 404);
  });

  // The long-polls below run on a clock the test holds: frozen, their deadline never
  // comes, so an answer can only come from a change; moved, the deadline passes without
  // waiting for it. countSleepingDeployRequestWaiters says a waiter has read the request
  // and is asleep, so the change the test then makes must wake it.
  it("wakes a long-poll when the request changes, without polling", async () => {
    const { request } = await create(org.id, { version: "7.0.0" });
    const frozen = Date.now();
    const waiting = waitForDeployRequest(org.id, request.id, { waitSeconds: 20, baseUrl: BASE_URL, now: () => frozen });
    await waitFor("the long-poll to sleep", () => countSleepingDeployRequestWaiters(request.id) === 1);
    expect(countDeployRequestWaiters(request.id)).toBe(1);
    await decideApproval(org.id, { deployRequestId: request.id, teamSlug: "checkout", decision: "approve", person: "priya.raman" }, { channel: "web", baseUrl: BASE_URL });
    const answered = await waiting;
    expect(answered.status).toBe("approved");
    expect(countDeployRequestWaiters(request.id)).toBe(0);
  });

  it("holds a long-poll until its deadline and then answers with the request unchanged", async () => {
    const { request } = await create(org.id, { version: "7.1.0" });
    let now = Date.now();
    let answered = false;
    const waiting = waitForDeployRequest(org.id, request.id, { waitSeconds: 1, baseUrl: BASE_URL, now: () => now }).finally(() => (answered = true));
    await waitFor("the long-poll to sleep", () => countSleepingDeployRequestWaiters(request.id) === 1);

    // Woken with nothing changed, 1 ms before its deadline: it reads again and goes back to sleep.
    now += 999;
    announceDeployRequestChange(request.id);
    await waitFor("the long-poll to sleep again or answer", () => answered || countSleepingDeployRequestWaiters(request.id) === 1);
    expect(answered).toBe(false);

    // At its deadline, the next wake-up (the timer, here a nudge) answers.
    now += 1;
    announceDeployRequestChange(request.id);
    expect((await waiting).status).toBe("pending");
    expect(countDeployRequestWaiters(request.id)).toBe(0);
  });

  // Cross-process relay exists only on Postgres: the embedded database has one process.
  if (kind === "postgres") {
    it("relays a change made by another process through LISTEN/NOTIFY", async () => {
      const { request } = await create(org.id, { version: "8.0.0" });
      await ensureDeployRequestListener();
      const frozen = Date.now();
      const waiting = waitForDeployRequest(org.id, request.id, { waitSeconds: 20, baseUrl: BASE_URL, now: () => frozen });
      await waitFor("the long-poll to sleep", () => countSleepingDeployRequestWaiters(request.id) === 1);
      // Another process: its own connection, its own instance id, a committed change and a NOTIFY.
      const other = new pg.Client({ connectionString: db.url ?? "" });
      await other.connect();
      try {
        await other.query("BEGIN");
        await other.query(`UPDATE "DeployRequest" SET "status" = 'cancelled' WHERE "id" = $1`, [request.id]);
        await other.query("SELECT pg_notify('plumbline_deploy_requests', $1)", [JSON.stringify({ id: request.id, origin: "another-process" })]);
        await other.query("COMMIT");
      } finally {
        await other.end();
      }
      // The clock is frozen: only the relayed NOTIFY can have woken it.
      expect((await waiting).status).toBe("cancelled");
    });
  }

  it("refuses a policy document with errors, naming rule and field, and keeps the one in force", async () => {
    const before = await getActivePolicies(org.id);
    const result = await savePolicyDocument(org.id, "rules:\n  - name: quiet-callers\n    type: dependents_out_of_slo\n    minTraficShare: 0.1\n", { source: "ui", actor: "test" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({ rule: "quiet-callers" });
    expect((await getActivePolicies(org.id)).sha256).toBe(before.sha256);

    const saved = await savePolicyDocument(org.id, "approvalTimeoutMinutes: 15\nrules: []\n", { source: "catalog", actor: "PLUMBLINE_POLICIES", origin: "policies.yaml" });
    expect(saved.ok && saved.policy).toMatchObject({ source: "file", approvalTimeoutMinutes: 15 });
    const unchanged = await savePolicyDocument(org.id, "approvalTimeoutMinutes: 15\nrules: []\n", { source: "catalog", actor: "PLUMBLINE_POLICIES" });
    expect(unchanged.ok && unchanged.changed).toBe(false);
    expect(await getPrisma().changeEvent.count({ where: { organizationId: org.id, type: "policy_changed", source: "catalog" } })).toBe(1);
    await getPrisma().policy.deleteMany({ where: { organizationId: org.id } });
  });
});
