import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getService } from "@/server/catalog/get-service.ts";
import { getTeam } from "@/server/catalog/get-team.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { getPrisma } from "@/server/db/client.ts";
import { AppError } from "@/server/http/problem.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { createDeployRequest } from "./create-deploy-request.ts";
import { decideApproval } from "./decide-approval.ts";

const BASE_URL = "http://plumbline.test";

// Backstage's descriptor-format examples: a User (spec.profile) and a Component with `owner: user:guest`.
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: guest
spec:
  profile:
    displayName: Guest User
    email: guest@example.com
  memberOf: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: jdoe
spec:
  profile:
    displayName: Jenny Doe
    email: jenny-doe@example.com
  memberOf: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-web
  description: The place to be, for great artists
spec:
  type: website
  lifecycle: production
  owner: user:guest
`;

describe.each(TEST_DATABASE_KINDS)("a service owned by a Backstage User, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("user-owner", "User owner");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("imports, shows the person as owner, and asks that person (and only them) to approve", async () => {
    const result = await importCatalog(org.id, [{ file: "catalog-info.yaml", text: CATALOG }], "catalog-info.yaml");
    expect(result.problems).toEqual([]);
    expect(result.accounting.kinds.find((row) => row.kind === "Component")).toMatchObject({ read: 1, imported: 1 });

    const service = await getService(org.id, "artist-web");
    expect(service?.ownerTeam).toEqual({ slug: "user-guest", name: "Guest User", personEmail: "guest@example.com" });
    const team = await getTeam(org.id, "user-guest");
    expect(team?.personEmail).toBe("guest@example.com");
    expect(team?.members).toEqual([expect.objectContaining({ email: "guest@example.com", role: "owner" })]);

    // The error budget is spent: the default policy asks the service's owner.
    const serviceRow = await getPrisma().service.findFirstOrThrow({ where: { organizationId: org.id, slug: "artist-web" } });
    await getPrisma().slo.create({
      data: {
        organizationId: org.id,
        serviceId: serviceRow.id,
        name: "availability",
        kind: "availability",
        objective: 99.9,
        status: "breached",
        isOutOfSlo: true,
        budgetRemaining: -0.2,
        evaluatedAt: new Date(),
      },
    });
    const { request } = await createDeployRequest(
      org.id,
      { service: "artist-web", environment: "production", version: "1.0.0" },
      { idempotencyKey: null, actor: { kind: "token", tokenId: "t", tokenName: "ci" }, baseUrl: BASE_URL },
    );
    expect(request.status).toBe("pending");
    expect(request.approvals.map((approval) => approval.team)).toEqual(["user-guest"]);

    const decide = (person: string) =>
      decideApproval(org.id, { deployRequestId: request.id, teamSlug: "user-guest", decision: "approve", person }, { channel: "web", baseUrl: BASE_URL });
    const refused = await decide("jenny-doe@example.com").then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(403);
    const approved = await decide("guest@example.com");
    expect(approved.status).toBe("approved");
    expect(approved.approvals[0]).toMatchObject({ status: "approved", decidedBy: "Guest User" });
  });
});
