import { chunksOf, JSON_ROWS_PER_STATEMENT, yieldBetweenChunks } from "@/server/db/bulk-chunks.ts";
import { Prisma } from "@/server/db/generated/client.ts";

// The catalog import's bulk writes of services: one JSON parameter per statement
// (`jsonb_to_recordset`), whatever the row count. Prisma's createMany binds one parameter
// per column and row, and its query compiler spends about half a second of CPU on each
// 1,000-row chunk of a 20-column model (measured with bench/catalog-import.bench.ts);
// a changed set written one `update` at a time is one round trip per service.

type TTx = Prisma.TransactionClient;

/** The columns a declared component writes (server/catalog/catalog-write.repository.ts `declaredServiceData`). */
export interface TDeclaredServiceWrite {
  id: string;
  name: string;
  description: string | null;
  tier: number | null;
  lifecycle: string | null;
  type: string | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
  ownerTeamId: string | null;
  systemId: string | null;
  links: Prisma.InputJsonValue;
  tags: string[];
  annotations: Prisma.InputJsonValue;
  provenance: Prisma.InputJsonValue;
  warnings: Prisma.InputJsonValue;
  resourceRefs: string[];
  subcomponentOfRef: string | null;
  source: "catalog";
  catalogOrigin: string;
}

/** How `jsonb_to_recordset` reads a row: every column `TDeclaredServiceWrite` has, typed as stored. */
const SERVICE_RECORD = Prisma.raw(
  `"id" text, "slug" text, "name" text, "description" text, "tier" int, "lifecycle" text, "type" text, "repoUrl" text, "runbookUrl" text, ` +
    `"slackChannel" text, "ownerTeamId" text, "systemId" text, "links" jsonb, "tags" text[], "annotations" jsonb, "provenance" jsonb, ` +
    `"warnings" jsonb, "resourceRefs" text[], "subcomponentOfRef" text, "source" text, "catalogOrigin" text`,
);

/** New services, in chunks of `JSON_ROWS_PER_STATEMENT`. */
export async function insertDeclaredServices(tx: TTx, organizationId: string, rows: readonly (TDeclaredServiceWrite & { slug: string })[]): Promise<void> {
  for (const chunk of chunksOf(rows, JSON_ROWS_PER_STATEMENT)) {
    await tx.$executeRaw`
      INSERT INTO "Service" ("id", "organizationId", "slug", "name", "description", "tier", "lifecycle", "type", "repoUrl", "runbookUrl", "slackChannel",
        "ownerTeamId", "systemId", "links", "tags", "annotations", "provenance", "warnings", "resourceRefs", "subcomponentOfRef", "source", "catalogOrigin", "updatedAt")
      SELECT r."id", ${organizationId}, r."slug", r."name", r."description", r."tier", r."lifecycle", r."type", r."repoUrl", r."runbookUrl", r."slackChannel",
        r."ownerTeamId", r."systemId", r."links", r."tags", r."annotations", r."provenance", r."warnings", r."resourceRefs", r."subcomponentOfRef",
        r."source"::"FactSource", r."catalogOrigin", ${new Date()}
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(${SERVICE_RECORD})`;
    await yieldBetweenChunks();
  }
}

/** Services whose declared facts changed: every declared column rewritten, as `service.update` with the same data would. */
export async function updateDeclaredServices(tx: TTx, organizationId: string, rows: readonly TDeclaredServiceWrite[]): Promise<void> {
  for (const chunk of chunksOf(rows, JSON_ROWS_PER_STATEMENT)) {
    await tx.$executeRaw`
      UPDATE "Service" AS s SET "name" = r."name", "description" = r."description", "tier" = r."tier", "lifecycle" = r."lifecycle", "type" = r."type",
        "repoUrl" = r."repoUrl", "runbookUrl" = r."runbookUrl", "slackChannel" = r."slackChannel", "ownerTeamId" = r."ownerTeamId", "systemId" = r."systemId",
        "links" = r."links", "tags" = r."tags", "annotations" = r."annotations", "provenance" = r."provenance", "warnings" = r."warnings",
        "resourceRefs" = r."resourceRefs", "subcomponentOfRef" = r."subcomponentOfRef", "source" = r."source"::"FactSource", "catalogOrigin" = r."catalogOrigin",
        "updatedAt" = ${new Date()}
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(${SERVICE_RECORD})
      WHERE s."id" = r."id" AND s."organizationId" = ${organizationId}`;
    await yieldBetweenChunks();
  }
}
