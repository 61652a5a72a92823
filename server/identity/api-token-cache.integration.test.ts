import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { API_TOKEN_CACHE_TTL_MS, ensureApiTokenRevocationListener, isListeningForApiTokenRevocations, stopApiTokenRevocationListener } from "./api-token-cache.ts";
import { createApiToken, revokeApiToken, verifyApiToken } from "./api-tokens.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";

/** Revokes a token straight in the database with triggers off: a revocation whose notification was lost. */
async function revokeWithoutNotice(id: string, at: Date): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    await tx.$executeRaw`UPDATE "ApiToken" SET "revokedAt" = ${at} WHERE "id" = ${id}`;
  });
}

// verifyApiToken keeps a valid token's row for API_TOKEN_CACHE_TTL_MS in this process
// (docs/adr/012-gate-throughput.md). These tests pin what that may and may not change.
describe.each(TEST_DATABASE_KINDS)("API token cache on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let organizationId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    organizationId = (await upsertOrganization("default", "Token cache")).id;
    await ensureApiTokenRevocationListener();
    await waitFor("the revocation listener", () => isListeningForApiTokenRevocations());
  });
  afterAll(async () => {
    await stopApiTokenRevocationListener();
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

  it("serves a cached token without reading it again, and reads it again after the TTL (the bound should a revocation's notice be lost)", async () => {
    const { id, token } = await createApiToken(organizationId, "ci-elsewhere");
    const t0 = new Date();
    expect((await verifyApiToken(token, t0)).ok).toBe(true);
    await revokeWithoutNotice(id, t0);
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

    await revokeWithoutNotice(id, t1);
    const t2 = new Date(t1.getTime() + API_TOKEN_CACHE_TTL_MS);
    expect(await verifyApiToken(token, t2)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyApiToken(token, t2)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyApiToken("plb_never-issued-token-000000", t2)).toEqual({ ok: false, reason: "unknown" });
  });
});

// Several web processes share one Postgres. "Another process" is a second connection that
// changes the row the way one would; `now` stays fixed, so the cache's TTL never runs out
// and only the notification can make this process refuse the token.
describe("API token revocations from other processes (Postgres)", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let otherProcess: pg.Client;
  let organizationId: string;

  beforeAll(async () => {
    db = await openTestDatabase("postgres");
    organizationId = (await upsertOrganization("default", "Token revocations")).id;
    otherProcess = new pg.Client({ connectionString: db.url ?? "" });
    await otherProcess.connect();
    await ensureApiTokenRevocationListener();
    await waitFor("the revocation listener", () => isListeningForApiTokenRevocations());
  });
  afterAll(async () => {
    await otherProcess.end();
    await stopApiTokenRevocationListener();
    await db.close();
  });

  /** Verifies the token twice at `now`: the second answer comes from the cache. */
  async function cachedAt(token: string, now: Date): Promise<void> {
    expect((await verifyApiToken(token, now)).ok).toBe(true);
    expect((await verifyApiToken(token, now)).ok).toBe(true);
  }

  it("refuses a cached token as soon as another process revokes it", async () => {
    const { id, token } = await createApiToken(organizationId, "ci-revoked-elsewhere");
    const now = new Date();
    await cachedAt(token, now);
    await otherProcess.query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE "id" = $1`, [id]);
    expect(await waitFor("the revocation to reach this process", async () => (await verifyApiToken(token, now)).ok === false && (await verifyApiToken(token, now)))).toEqual({ ok: false, reason: "revoked" });
  });

  it("refuses a cached token as soon as another process deletes its organization", async () => {
    const doomed = await upsertOrganization("doomed", "Deleted elsewhere");
    const { token } = await createApiToken(doomed.id, "ci-of-a-deleted-org");
    const now = new Date();
    await cachedAt(token, now);
    await otherProcess.query(`DELETE FROM "Organization" WHERE "id" = $1`, [doomed.id]);
    expect(await waitFor("the deletion to reach this process", async () => (await verifyApiToken(token, now)).ok === false && (await verifyApiToken(token, now)))).toEqual({ ok: false, reason: "unknown" });
  });

  it("keeps other tokens cached when one is revoked", async () => {
    const kept = await createApiToken(organizationId, "ci-kept");
    const revoked = await createApiToken(organizationId, "ci-gone");
    const now = new Date();
    await cachedAt(kept.token, now);
    await cachedAt(revoked.token, now);
    await otherProcess.query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE "id" = $1`, [revoked.id]);
    await waitFor("the revocation to reach this process", async () => (await verifyApiToken(revoked.token, now)).ok === false);
    // Revoked without a notice too: only a cached row can still answer ok at `now`.
    await revokeWithoutNotice(kept.id, now);
    expect((await verifyApiToken(kept.token, now)).ok).toBe(true);
  });

  it("sees a revocation made while it did not listen, and listens again once a token is read", async () => {
    await stopApiTokenRevocationListener();
    const { id, token } = await createApiToken(organizationId, "ci-unheard");
    const now = new Date();
    expect((await verifyApiToken(token, now)).ok).toBe(true);
    await revokeWithoutNotice(id, now);
    expect(await verifyApiToken(token, now)).toEqual({ ok: false, reason: "revoked" });
    // Reading a token started the listener again.
    await waitFor("the revocation listener to be back", () => isListeningForApiTokenRevocations());
  });
});
