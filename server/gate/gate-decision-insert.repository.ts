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

// Many decisions in ONE statement (group commit, decision-write-batcher.ts): $1 the requests,
// $2 approvals, $3 events, $4 outbox rows, each a JSON array whose rows name their request.
// A request whose Idempotency-Key is already taken (by an earlier request or an earlier row
// of this batch) is skipped with everything that hangs off it (ON CONFLICT … DO NOTHING on
// that key, the child rows joined to the requests actually inserted); the statement returns
// the requests it wrote. The child rows take the organization from their request row.
const INSERT_DECISIONS = directStatement(`
    WITH request AS (
      INSERT INTO "DeployRequest" ("id", "organizationId", "serviceId", "environment", "version", "commit", "requestedBy", "ciUrl", "status",
        "reasons", "decisionFacts", "breakGlassReason", "idempotencyKey", "requestHash", "expiresAt", "decidedAt", "createdAt", "updatedAt")
      SELECT r."id", r."organizationId", r."serviceId", r."environment", r."version", r."commit", r."requestedBy", r."ciUrl", r."status"::"DeployRequestStatus",
        r."reasons", r."decisionFacts", r."breakGlassReason", r."idempotencyKey", r."requestHash", r."expiresAt", r."decidedAt", r."createdAt", r."createdAt"
      FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "organizationId" text, "serviceId" text, "environment" text, "version" text, "commit" text,
        "requestedBy" text, "ciUrl" text, "status" text, "reasons" jsonb, "decisionFacts" jsonb, "breakGlassReason" text, "idempotencyKey" text,
        "requestHash" text, "expiresAt" timestamptz, "decidedAt" timestamptz, "createdAt" timestamptz)
      ON CONFLICT ("organizationId", "idempotencyKey") DO NOTHING
      RETURNING "id", "organizationId", "createdAt"
    ), approvals AS (
      INSERT INTO "Approval" ("id", "organizationId", "deployRequestId", "teamId", "status", "reason", "createdAt")
      SELECT a."id", request."organizationId", request."id", a."teamId", 'pending'::"ApprovalStatus", a."reason", a."createdAt"
      FROM request JOIN jsonb_to_recordset($2::jsonb) AS a("deployRequestId" text, "id" text, "teamId" text, "reason" jsonb, "createdAt" timestamptz)
        ON a."deployRequestId" = request."id"
    ), events AS (
      INSERT INTO "ChangeEvent" ("id", "organizationId", "serviceId", "deployRequestId", "type", "title", "details", "actor", "source", "dedupeKey", "occurredAt")
      SELECT gen_random_uuid()::text, request."organizationId", e."serviceId", request."id", e."type", e."title", e."details", e."actor", e."source"::"FactSource", e."dedupeKey", e."occurredAt"
      FROM request JOIN jsonb_to_recordset($3::jsonb)
        AS e("deployRequestId" text, "serviceId" text, "type" text, "title" text, "details" jsonb, "actor" text, "source" text, "dedupeKey" text, "occurredAt" timestamptz)
        ON e."deployRequestId" = request."id"
      ON CONFLICT DO NOTHING
    ), notifications AS (
      INSERT INTO "Notification" ("id", "organizationId", "deployRequestId", "channel", "target", "kind", "payload", "dedupeKey", "createdAt")
      SELECT n."id", request."organizationId", request."id", n."channel", n."target", n."kind", n."payload", n."dedupeKey", request."createdAt"
      FROM request JOIN jsonb_to_recordset($4::jsonb)
        AS n("deployRequestId" text, "id" text, "channel" text, "target" text, "kind" text, "payload" jsonb, "dedupeKey" text)
        ON n."deployRequestId" = request."id"
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

/**
 * Decisions without Slack rows, many in ONE statement (group commit: decision-write-batcher.ts).
 * Returns the ids of the requests written; a request missing from it had its
 * Idempotency-Key taken and wrote nothing. Throws when any row breaks a constraint other
 * than that key: then nothing of the batch was written.
 */
export async function insertDecisionsInOneStatement(writes: readonly { organizationId: string; write: TDeployDecisionWrite }[]): Promise<Set<string>> {
  const requests = writes.map(({ organizationId, write: { request: r } }) => ({
    ...r,
    organizationId,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
  const approvals = writes.flatMap(({ write }) =>
    write.approvals.map((approval) => ({ deployRequestId: write.request.id, id: approval.id, teamId: approval.teamId, reason: approval.reason, createdAt: approval.createdAt.toISOString() })),
  );
  const events = writes.flatMap(({ write }) => write.events.map((event) => ({ ...event, deployRequestId: write.request.id, occurredAt: event.occurredAt.toISOString() })));
  const notifications = writes.flatMap(({ write }) => write.notifications.map((notification) => ({ ...notification, deployRequestId: write.request.id })));
  const rows = await runDirectStatement<{ id: string }>(INSERT_DECISIONS, [
    JSON.stringify(requests),
    JSON.stringify(approvals),
    JSON.stringify(events),
    JSON.stringify(notifications),
  ]);
  return new Set(rows.map((row) => row.id));
}
