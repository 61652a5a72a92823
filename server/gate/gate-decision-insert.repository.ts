import { getPrisma } from "@/server/db/client.ts";
import { Prisma } from "@/server/db/generated/client.ts";
import { PREPARED } from "@/server/db/prepared-statements.ts";
import type { TDeployDecisionWrite } from "./gate.repository.ts";

/**
 * A decision without Slack rows, written in ONE statement (docs/adr/012-gate-throughput.md):
 * the request, its approvals, its change events and its outbox rows as data-modifying
 * CTEs. A statement is its own transaction, so this commits or fails as a whole exactly
 * like the four-statement transaction it replaces, in one round trip instead of six
 * (BEGIN, four inserts, COMMIT). The request comes first and every other row reads its id
 * from it, so a duplicate Idempotency-Key (unique violation) writes nothing. Change events
 * and outbox rows skip duplicates, as createMany's skipDuplicates did. Every row carries
 * the organization.
 */
export async function insertDecisionInOneStatement(organizationId: string, write: TDeployDecisionWrite): Promise<void> {
  const r = write.request;
  const approvals = write.approvals.map((approval) => ({ id: approval.id, teamId: approval.teamId, reason: approval.reason, createdAt: approval.createdAt.toISOString() }));
  const events = write.events.map((event) => ({ ...event, occurredAt: event.occurredAt.toISOString() }));
  const notifications = write.notifications.map((notification) => ({ ...notification }));
  const createdAt = r.createdAt.toISOString();
  await getPrisma().$executeRaw`${Prisma.raw(PREPARED)}
    WITH request AS (
      INSERT INTO "DeployRequest" ("id", "organizationId", "serviceId", "environment", "version", "commit", "requestedBy", "ciUrl", "status",
        "reasons", "decisionFacts", "breakGlassReason", "idempotencyKey", "requestHash", "expiresAt", "decidedAt", "createdAt", "updatedAt")
      VALUES (${r.id}, ${organizationId}, ${r.serviceId}, ${r.environment}, ${r.version}, ${r.commit}, ${r.requestedBy}, ${r.ciUrl},
        ${r.status}::"DeployRequestStatus", ${JSON.stringify(r.reasons)}::jsonb, ${JSON.stringify(r.decisionFacts)}::jsonb, ${r.breakGlassReason},
        ${r.idempotencyKey}, ${r.requestHash}, ${r.expiresAt?.toISOString() ?? null}::timestamptz, ${r.decidedAt?.toISOString() ?? null}::timestamptz,
        ${createdAt}::timestamptz, ${createdAt}::timestamptz)
      RETURNING "id"
    ), approvals AS (
      INSERT INTO "Approval" ("id", "organizationId", "deployRequestId", "teamId", "status", "reason", "createdAt")
      SELECT a."id", ${organizationId}, request."id", a."teamId", 'pending'::"ApprovalStatus", a."reason", a."createdAt"
      FROM request, jsonb_to_recordset(${JSON.stringify(approvals)}::jsonb) AS a("id" text, "teamId" text, "reason" jsonb, "createdAt" timestamptz)
    ), events AS (
      INSERT INTO "ChangeEvent" ("id", "organizationId", "serviceId", "deployRequestId", "type", "title", "details", "actor", "source", "dedupeKey", "occurredAt")
      SELECT gen_random_uuid()::text, ${organizationId}, e."serviceId", request."id", e."type", e."title", e."details", e."actor", e."source"::"FactSource", e."dedupeKey", e."occurredAt"
      FROM request, jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        AS e("serviceId" text, "type" text, "title" text, "details" jsonb, "actor" text, "source" text, "dedupeKey" text, "occurredAt" timestamptz)
      ON CONFLICT DO NOTHING
    ), notifications AS (
      INSERT INTO "Notification" ("id", "organizationId", "deployRequestId", "channel", "target", "kind", "payload", "dedupeKey", "createdAt")
      SELECT n."id", ${organizationId}, request."id", n."channel", n."target", n."kind", n."payload", n."dedupeKey", ${createdAt}::timestamptz
      FROM request, jsonb_to_recordset(${JSON.stringify(notifications)}::jsonb)
        AS n("id" text, "channel" text, "target" text, "kind" text, "payload" jsonb, "dedupeKey" text)
      ON CONFLICT DO NOTHING
    )
    SELECT "id" FROM request`;
}
