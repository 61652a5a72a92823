import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { serviceSearchCondition } from "./catalog-service-page.repository.ts";

// The catalog search is only as cheap as its index (README "Services API"): the condition
// the list sends must be the indexed expression, character for character, and the GIN
// indexes must not collect a long pending list, which the embedded database never vacuums.

describe.each(TEST_DATABASE_KINDS)("catalog search index on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const org = await upsertOrganization("search-index-org", "Search Index Org");
    await getPrisma().service.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ organizationId: org.id, slug: `svc-${i}`, name: `Service ${i}`, description: `Handles checkout ${i}` })),
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(["svc-4242", "Checkout", "100%_sure"])("answers ?q=%s from the trigram index on name, slug and description joined", async (q) => {
    // Seq scans priced out, so the plan names the index whenever the condition can use it at all.
    const plan = await getPrisma().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN SELECT s."id" FROM "Service" s WHERE ${serviceSearchCondition(q)}`;
    });
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("Service_search_trgm_idx");
    expect(text).not.toContain("Seq Scan");
  });

  it("caps the pending list of every GIN index on services at the least allowed (64 kB)", async () => {
    const indexes = await getPrisma().$queryRaw<{ name: string; options: string[] | null }[]>`
      SELECT c."relname" AS "name", c."reloptions" AS "options"
        FROM pg_index i JOIN pg_class c ON c."oid" = i."indexrelid" JOIN pg_am a ON a."oid" = c."relam"
       WHERE i."indrelid" = '"Service"'::regclass AND a."amname" = 'gin'
       ORDER BY 1`;
    expect(indexes.map((index) => index.name)).toEqual(["Service_name_trgm_idx", "Service_search_trgm_idx", "Service_slug_trgm_idx", "Service_tags_idx"]);
    for (const index of indexes) expect(index.options, index.name).toContain("gin_pending_list_limit=64");
  });
});
