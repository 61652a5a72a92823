import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { AppError } from "@/server/http/problem.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { GATE_TEST_CATALOG, GATE_TEST_POLICY_YAML } from "@/server/testing/gate-test-catalog.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import { decideApproval } from "./decide-approval.ts";
import { stopDeployRequestListener } from "./deploy-request-listener.ts";
import { countWaitingForPerson, getWaitingForPerson } from "./get-waiting-for-person.ts";
import { listDeployRequests } from "./list-deploy-requests.ts";
import { savePolicyDocument } from "./save-policy-document.ts";

const BASE_URL = "http://plumbline.test";
const token = { kind: "token" as const, tokenId: "t", tokenName: "ci" };

// The gate test catalog: checkout's owner is priya.raman (hana.sato a plain member),
// storefront's owner amara.okafor, payments' owner jane.doe. The test policy asks checkout
// for staging deploys and checkout + storefront for qa deploys.
describe.each(TEST_DATABASE_KINDS)("waiting for you (badge, lists, for=me) on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  const people = new Map<string, string>();
  const count = (handle: string, now?: Date) => countWaitingForPerson(org.id, people.get(handle) ?? "", now);
  const request = (environment: string, version: string) =>
    createDeployRequest(org.id, { service: "payments", environment, version }, { idempotencyKey: null, actor: token, baseUrl: BASE_URL });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("waiting-test", "Waiting test");
    expect((await importCatalog(org.id, [{ file: "gate.yaml", text: GATE_TEST_CATALOG }], "gate.yaml")).errorCount).toBe(0);
    expect((await savePolicyDocument(org.id, GATE_TEST_POLICY_YAML, { source: "ui", actor: null })).ok).toBe(true);
    for (const person of await getPrisma().person.findMany({ where: { organizationId: org.id }, select: { id: true, handle: true } })) {
      if (person.handle) people.set(person.handle, person.id);
    }
  });
  afterAll(async () => {
    await stopDeployRequestListener();
    await db?.close();
  });

  it("counts, per person, the pending approvals that person may decide, and nothing else", async () => {
    for (const handle of ["priya.raman", "hana.sato", "amara.okafor", "jane.doe"]) expect(await count(handle)).toBe(0);
    const staging = await request("staging", "1.0.0");
    const qa = await request("qa", "1.0.1");
    expect(staging.request.status).toBe("pending");
    expect(qa.request.approvals.map((approval) => approval.team)).toEqual(["checkout", "storefront"]);
    // A request nobody is asked about adds nothing.
    expect((await request("production", "1.0.2")).request.status).toBe("approved");

    // Checkout names owners, so its owner decides (two requests) and its plain member does not.
    expect(await count("priya.raman")).toBe(2);
    expect(await count("hana.sato")).toBe(0);
    expect(await count("amara.okafor")).toBe(1);
    expect(await count("jane.doe")).toBe(0);

    const waiting = await getWaitingForPerson(org.id, people.get("priya.raman") ?? "");
    expect(waiting.items.map((item) => [item.request.id, item.teams.map((team) => team.slug)])).toEqual([
      [qa.request.id, ["checkout"]],
      [staging.request.id, ["checkout"]],
    ]);
    const forMe = await listDeployRequests(org.id, { for: "me", limit: 50 }, new Date(), people.get("amara.okafor") ?? null);
    expect(forMe.map((summary) => summary.id)).toEqual([qa.request.id]);

    // Deciding takes it off the decider's count; the other team's owner still has theirs.
    await decideApproval(org.id, { deployRequestId: qa.request.id, teamSlug: "checkout", person: "priya.raman@gate.test", decision: "approve" }, { channel: "web", baseUrl: BASE_URL });
    expect(await count("priya.raman")).toBe(1);
    expect(await count("amara.okafor")).toBe(1);
    // A rejection settles the request: nobody is waited for on it any more.
    await decideApproval(org.id, { deployRequestId: qa.request.id, teamSlug: "storefront", person: "amara.okafor@gate.test", decision: "reject" }, { channel: "web", baseUrl: BASE_URL });
    expect(await count("amara.okafor")).toBe(0);

    // Past its expiry a request waits for nobody, even before the expiry worker writes it.
    const afterExpiry = new Date(Date.parse(staging.request.expiresAt ?? "") + 1000);
    expect(await count("priya.raman", afterExpiry)).toBe(0);
  });

  it("refuses for=me from an API token, which is not a person", async () => {
    const error = await listDeployRequests(org.id, { for: "me", limit: 50 }, new Date(), null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
  });
});
