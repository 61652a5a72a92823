import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { API_TOKEN_CACHE_TTL_MS } from "./api-token-cache.ts";
import { createApiToken, revokeApiToken, verifyApiToken } from "./api-tokens.ts";
import { revokeApiTokenRow } from "./identity-api-tokens.repository.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";

// verifyApiToken keeps a valid token's row for API_TOKEN_CACHE_TTL_MS in this process
// (docs/adr/012-gate-throughput.md). These tests pin what that may and may not change.
describe.each(TEST_DATABASE_KINDS)("API token cache on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let organizationId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    organizationId = (await upsertOrganization("default", "Token cache")).id;
  });
  afterAll(async () => {
    await db.close();
  });

  it("refuses a token revoked in this process from the very next request, although it was cached", async () => {
    const { id, token } = await createApiToken(organizationId, "ci");
    const now = new Date();
    expect(await verifyApiToken(token, now)).toMatchObject({ ok: true, tokenId: id, organizationId });
    expect(await verifyApiToken(token, now)).toMatchObject({ ok: true, tokenId: id });
    expect(await revokeApiToken(organizationId, id, now)).toBe(true);
    expect(await verifyApiToken(token, now)).toEqual({ ok: false, reason: "revoked" });
  });

  it("serves a cached token without reading it again, and reads it again after the TTL (the window another process's revocation takes)", async () => {
    const { id, token } = await createApiToken(organizationId, "ci-elsewhere");
    const t0 = new Date();
    expect((await verifyApiToken(token, t0)).ok).toBe(true);
    // Revoked by another web process: straight in the database, this process's cache untouched.
    await revokeApiTokenRow(organizationId, id, t0);
    expect((await verifyApiToken(token, new Date(t0.getTime() + API_TOKEN_CACHE_TTL_MS - 1))).ok).toBe(true);
    expect(await verifyApiToken(token, new Date(t0.getTime() + API_TOKEN_CACHE_TTL_MS))).toEqual({ ok: false, reason: "revoked" });
  });

  it("never caches unknown or revoked tokens, and still records when a token was last used", async () => {
    const { id, token } = await createApiToken(organizationId, "ci-used");
    const t0 = new Date();
    expect((await verifyApiToken(token, t0)).ok).toBe(true);
    expect((await getPrisma().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime()).toBe(t0.getTime());
    // Within the minute nothing is written (the cached row knows it was just used) ...
    expect((await verifyApiToken(token, new Date(t0.getTime() + 1))).ok).toBe(true);
    expect((await getPrisma().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime()).toBe(t0.getTime());
    // ... and a minute later it is, as before the cache.
    const t1 = new Date(t0.getTime() + 60_000);
    expect((await verifyApiToken(token, t1)).ok).toBe(true);
    expect((await getPrisma().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime()).toBe(t1.getTime());

    await revokeApiTokenRow(organizationId, id, t1);
    const t2 = new Date(t1.getTime() + API_TOKEN_CACHE_TTL_MS);
    expect(await verifyApiToken(token, t2)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyApiToken(token, t2)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyApiToken("plb_never-issued-token-000000", t2)).toEqual({ ok: false, reason: "unknown" });
  });
});
