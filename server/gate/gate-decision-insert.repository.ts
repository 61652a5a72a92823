import { directStatement, runDirectStatement } from "@/server/db/direct-statement.ts";
import type { TDeployDecisionWrite } from "./gate.repository.ts";

// $1 organization, $2–$16 the request's columns, $17 createdAt (also updatedAt and the
// outbox rows' createdAt), $18–$20 approvals, events and outbox rows as JSON arrays.
const INSERT_DECISION = directStatement(`
    WITH request AS (
      INSERT INTO "DeployRequest" ("id", "organizationId", "serviceId", "environment", "version", "commit", "requestedBy", "ciUrl", "status",
        "reasons", "decisionFacts", "breakGlassReason", "idempotencyKey", "requestHash", "expiresAt", "decidedAt", "createdAt", "updatedAt")
      VALUES ($2, $1, $3, $4, $5, $6, $7, $8, $9::"DeployRequestStatus", $10::jsonb, $11::jsonb, $12, $13, $14,
        $15::timestamptz, $16::timestamptz, $17::timestamptz, $17::timestamptz)
      RETURNING "id"
    ), approvals AS (
      INSERT INTO "Approval" ("id", "organizationId", "deployRequestId", "teamId", "status", "reason", "createdAt")
      SELECT a."id", $1, request."id", a."teamId", 'pending'::"ApprovalStatus", a."reason", a."createdAt"
      FROM request, jsonb_to_recordset($18::jsonb) AS a("id" text, "teamId" text, "reason" jsonb, "createdAt" timestamptz)
    ), events AS (
      INSERT INTO "ChangeEvent" ("id", "organizationId", "serviceId", "deployRequestId", "type", "title", "details", "actor", "source", "dedupeKey", "occurredAt")
      SELECT gen_random_uuid()::text, $1, e."serviceId", request."id", e."type", e."title", e."details", e."actor", e."source"::"FactSource", e."dedupeKey", e."occurredAt"
      FROM request, jsonb_to_recordset($19::jsonb)
        AS e("serviceId" text, "type" text, "title" text, "details" jsonb, "actor" text, "source" text, "dedupeKey" text, "occurredAt" timestamptz)
      ON CONFLICT DO NOTHING
    ), notifications AS (
      INSERT INTO "Notification" ("id", "organizationId", "deployRequestId", "channel", "target", "kind", "payload", "dedupeKey", "createdAt")
      SELECT n."id", $1, request."id", n."channel", n."target", n."kind", n."payload", n."dedupeKey", $17::timestamptz
      FROM request, jsonb_to_recordset($20::jsonb)
        AS n("id" text, "channel" text, "target" text, "kind" text, "payload" jsonb, "dedupeKey" text)
      ON CONFLICT DO NOTHING
    )
    SELECT "id" FROM request`);

/**
 * A decision without Slack rows, written in ONE statement (docs/adr/012-gate-throughput.md):
 * the request, its approvals, its change events and its outbox rows as data-modifying
 * CTEs. A statement is its own transaction, so this commits or fails as a whole exactly
 * like the four-statement transaction it replaces, in one round trip instead of six
 * (BEGIN, four inserts, COMMIT). The request comes first and every other row reads its id
 * from it, so a duplicate Idempotency-Key (unique violation) writes nothing. Change events
 * and outbox rows skip duplicates, as createMany's skipDuplicates did. Every row carries
 * the organization. A fixed text run as a prepared direct statement (server/db/direct-statement.ts).
 */
export async function insertDecisionInOneStatement(organizationId: string, write: TDeployDecisionWrite): Promise<void> {
  const r = write.request;
  const approvals = write.approvals.map((approval) => ({ id: approval.id, teamId: approval.teamId, reason: approval.reason, createdAt: approval.createdAt.toISOString() }));
  const events = write.events.map((event) => ({ ...event, occurredAt: event.occurredAt.toISOString() }));
  await runDirectStatement(INSERT_DECISION, [
    organizationId,
    r.id,
    r.serviceId,
    r.environment,
    r.version,
    r.commit,
    r.requestedBy,
    r.ciUrl,
    r.status,
    JSON.stringify(r.reasons),
    JSON.stringify(r.decisionFacts),
    r.breakGlassReason,
    r.idempotencyKey,
    r.requestHash,
    r.expiresAt?.toISOString() ?? null,
    r.decidedAt?.toISOString() ?? null,
    r.createdAt.toISOString(),
    JSON.stringify(approvals),
    JSON.stringify(events),
    JSON.stringify(write.notifications),
  ]);
}
