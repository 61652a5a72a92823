import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS_HEAVY_READ_TENANT } from "@/server/http/heavy-read-admission.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { getSignedInSession } from "./get-signed-in-session.ts";
import { heavyReadTenantOf } from "./heavy-read-tenant.ts";
import { setSessionActiveOrganization, upsertOrganizationMember } from "./identity-accounts.repository.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";

// The heavy-read line takes turns by organization: a request is counted for the organization
// its page will render for, found from the real session cookie.

function pageRequest(cookie?: string): IncomingMessage {
  return { headers: cookie === undefined ? {} : { cookie } } as IncomingMessage;
}

describe.each(TEST_DATABASE_KINDS)("whose turn a heavy read is, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let orgA: { id: string };
  let orgB: { id: string };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    orgA = await upsertOrganization("heavy-turns-a", "Heavy Turns A");
    orgB = await upsertOrganization("heavy-turns-b", "Heavy Turns B");
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("counts a signed-in member's page for their organization, and for the active one when they belong to two", async () => {
    const member = await createSignedInMember(orgA.id, { role: "member" });
    expect(await heavyReadTenantOf(pageRequest(member.cookie))).toBe(orgA.id);

    await upsertOrganizationMember(orgB.id, member.userId, "member");
    const session = await getSignedInSession(new Headers({ cookie: member.cookie }));
    if (!session) throw new Error("not signed in");
    await setSessionActiveOrganization(session.sessionId, member.userId, orgB.id);
    expect(await heavyReadTenantOf(pageRequest(member.cookie))).toBe(orgB.id);
  });

  it("counts signed-out requests and forged cookies as anonymous", async () => {
    expect(await heavyReadTenantOf(pageRequest())).toBe(ANONYMOUS_HEAVY_READ_TENANT);
    expect(await heavyReadTenantOf(pageRequest("better-auth.session_token=forged.value"))).toBe(ANONYMOUS_HEAVY_READ_TENANT);
  });
});
