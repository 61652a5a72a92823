import { randomUUID } from "node:crypto";
import { canonicalJson } from "@/domain/gate/canonical-json.ts";
import { chunksOf } from "@/server/db/bulk-chunks.ts";
import { getDbHandle, getPrisma } from "@/server/db/client.ts";
import { jsonArrayTexts } from "@/server/db/json-array-texts.ts";
import { runRawWriteTransaction } from "@/server/db/raw-write-transaction.ts";
import { writeWithoutReferenceChecksOnPGlite } from "@/server/db/replica-mode-write.ts";
import { statementOrderedIdSql } from "@/server/db/statement-ordered-ids.ts";
import { createTurnBudget, forEachInTurns } from "@/server/system/turn-budget.ts";
import type { Prisma } from "@/server/db/generated/client.ts";
import type { TSloStatus, TTeamRef } from "@/server/catalog/catalog.schemas.ts";
import type { TStoredEvaluationValues } from "@/domain/slo/same-stored-evaluation.ts";
import type { TSloKind } from "./slo.schemas.ts";

// The only file that touches Prisma for SLOs. Every function takes the organization
// first and filters by it, except findOrganizationIdsWithSlos, which is how the worker
// finds the tenants to evaluate.

/** Rows per bulk statement: keeps one JSON parameter at a few MB and well inside Postgres' limits. */
const BULK_CHUNK = 2_000;

export interface TSloForEvaluation {
  id: string;
  serviceId: string;
  name: string;
  kind: TSloKind;
  objective: number;
  windowDays: number;
  latencyThresholdMs: number | null;
  minRequests: number;
  /** domain/slo/slo-budgeting.ts SloBudgeting, as stored ({} for Occurrences over a rolling window). */
  budgeting: unknown;
  /** domain/slo/read-alert-policies.ts SloAlerting, as stored. */
  alerting: unknown;
  status: TSloStatus;
  evaluatedAt: Date | null;
  /** What the last evaluation stored, so an unchanged result only moves evaluatedAt. */
  stored: TStoredEvaluationValues;
}

export interface TTelemetryRow {
  serviceId: string;
  window: string;
  totalEvents: number;
  goodEvents: number;
  latencyGood: unknown;
  latencyInterpolated: unknown;
  measuredAt: Date;
  staleSince: Date | null;
  staleReason: string | null;
}

export async function findOrganizationIdsWithSlos(): Promise<string[]> {
  // An EXISTS per organization; Prisma's `distinct` would read every SLO row and de-duplicate in memory.
  const rows = await getPrisma().organization.findMany({ where: { slos: { some: {} } }, select: { id: true } });
  return rows.map((row) => row.id);
}

/**
 * The columns the evaluation reads, as one JSON document built by the database: at 10,000
 * SLOs, Prisma hydrating a row object per SLO (and per JSON column) cost more than the
 * query itself, on the embedded database most of all; one string and JSON.parse is cheap.
 */
export async function findSlosForEvaluation(organizationId: string, sloIds?: readonly string[]): Promise<TSloForEvaluation[]> {
  // Positional arrays, not objects: the embedded database builds them faster and the text is a third shorter.
  // One statement, its answer in parts of JSON_PART_ROWS: each part is parsed in a turn of its own.
  const rows = await getPrisma().$queryRawUnsafe<{ slos: string | null }[]>(
    `SELECT json_agg(json_build_array(
       "id", "serviceId", "name", "kind"::text, "objective", "windowDays", "latencyThresholdMs", "minRequests",
       "budgeting", "alerting", "status"::text, "evaluatedAt", "statusReason", "sli", "budgetRemaining", "burnRates", "alerts",
       "isOutOfSlo", "isTelemetryStale", "windowGoodEvents", "windowTotalEvents"))::text AS "slos"
     FROM (SELECT *, (row_number() OVER () - 1) / ${JSON_PART_ROWS} AS "part" FROM "Slo"
           WHERE "organizationId" = $1 AND ($2::jsonb IS NULL OR "id" IN (SELECT jsonb_array_elements_text($2::jsonb)))) AS s
     GROUP BY "part"`,
    organizationId,
    sloIds ? JSON.stringify(sloIds) : null,
  );
  type TSloTuple = [
    string, string, string, TSloKind, number, number, number | null, number, unknown, unknown, TSloStatus, string | null,
    string | null, number | null, number | null, unknown, unknown, boolean, boolean, number | null, number | null,
  ];
  return parsePartsInTurns(rows.map((row) => row.slos), (tuple: TSloTuple) => {
    const [id, serviceId, name, kind, objective, windowDays, latencyThresholdMs, minRequests, budgeting, alerting, status, evaluatedAt,
      statusReason, sli, budgetRemaining, burnRates, alerts, isOutOfSlo, isTelemetryStale, windowGoodEvents, windowTotalEvents] = tuple;
    return {
      id, serviceId, name, kind, objective, windowDays, latencyThresholdMs, minRequests, budgeting, alerting, status,
      evaluatedAt: evaluatedAt === null ? null : new Date(evaluatedAt),
      stored: { status, statusReason, sli, budgetRemaining, burnRates, alerts, isOutOfSlo, isTelemetryStale, windowGoodEvents, windowTotalEvents },
    };
  });
}

/**
 * Rows per JSON part of the cycle's two reads. The whole organization as one text was one
 * JSON.parse holding the event loop (3,300 SLOs: 34 ms of parsing and 10 of mapping in one turn
 * on the loaded bench machine); in parts, the parsing lets the loop turn between them.
 */
const JSON_PART_ROWS = 500;

/** Each part's JSON array parsed and mapped, letting the event loop turn between parts once a stretch used its budget. */
async function parsePartsInTurns<TTuple, TRow>(parts: readonly (string | null)[], map: (tuple: TTuple) => TRow): Promise<TRow[]> {
  const result: TRow[] = [];
  await forEachInTurns(parts, (part) => {
    for (const tuple of JSON.parse(part ?? "[]") as TTuple[]) result.push(map(tuple));
  });
  return result;
}

/** Records each slice's counts (the latest reading within a slice wins, so a finished slice holds its own counts). */
export async function recordSloTimeSlices(
  organizationId: string,
  slices: readonly { sloId: string; start: Date; good: number; total: number }[],
): Promise<void> {
  if (slices.length === 0) return;
  const prisma = getPrisma();
  await prisma.$transaction(
    slices.map((slice) =>
      prisma.sloTimeSlice.upsert({
        where: { sloId_start: { sloId: slice.sloId, start: slice.start } },
        create: { organizationId, ...slice },
        update: { good: slice.good, total: slice.total },
        select: { id: true },
      }),
    ),
  );
}

/** The recorded slices of some SLOs since a moment, by SLO id, oldest first. */
export async function findSloTimeSlices(
  organizationId: string,
  sloIds: readonly string[],
  since: Date,
): Promise<Map<string, { start: Date; good: number; total: number }[]>> {
  const rows = await getPrisma().sloTimeSlice.findMany({
    where: { organizationId, sloId: { in: [...sloIds] }, start: { gte: since } },
    select: { sloId: true, start: true, good: true, total: true },
    orderBy: { start: "asc" },
  });
  const bySlo = new Map<string, { start: Date; good: number; total: number }[]>();
  for (const { sloId, ...slice } of rows) bySlo.set(sloId, [...(bySlo.get(sloId) ?? []), slice]);
  return bySlo;
}

/**
 * All telemetry rows of the organization (or of some services) in one query, shipped as
 * one JSON document (see findSlosForEvaluation: 40,000 hydrated rows were ~40 % of a
 * 10,000-SLO cycle on PGlite).
 */
export async function findTelemetryRows(organizationId: string, serviceIds?: readonly string[]): Promise<TTelemetryRow[]> {
  const rows = await getPrisma().$queryRawUnsafe<{ rows: string | null }[]>(
    `SELECT json_agg(json_build_array(
       "serviceId", "window", "totalEvents", "goodEvents", "latencyGood", "latencyInterpolated",
       floor(extract(epoch FROM "measuredAt") * 1000), floor(extract(epoch FROM "staleSince") * 1000), "staleReason"))::text AS "rows"
     FROM (SELECT *, (row_number() OVER () - 1) / ${JSON_PART_ROWS * 4} AS "part" FROM "ServiceTelemetry"
           WHERE "organizationId" = $1 AND ($2::jsonb IS NULL OR "serviceId" IN (SELECT jsonb_array_elements_text($2::jsonb)))) AS t
     GROUP BY "part"`,
    organizationId,
    serviceIds ? JSON.stringify(serviceIds) : null,
  );
  // Instants as epoch milliseconds: no timestamp text to format in SQL and parse in JS, 80,000 times a cycle (timestamptz(3): exact).
  type TTelemetryTuple = [string, string, number, number, unknown, unknown, number, number | null, string | null];
  // Telemetry tuples are a quarter of an SLO's size: parts of four times as many rows.
  return parsePartsInTurns(rows.map((row) => row.rows), (tuple: TTelemetryTuple) => {
    const [serviceId, window, totalEvents, goodEvents, latencyGood, latencyInterpolated, measuredAt, staleSince, staleReason] = tuple;
    return {
      serviceId, window, totalEvents, goodEvents, latencyGood, latencyInterpolated,
      measuredAt: new Date(measuredAt),
      staleSince: staleSince === null ? null : new Date(staleSince),
      staleReason,
    };
  });
}

export async function findServiceSlugsByIds(organizationId: string, serviceIds: readonly string[]): Promise<Map<string, string>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await getPrisma().service.findMany({
    where: { organizationId, id: { in: [...serviceIds] } },
    select: { id: true, slug: true },
  });
  return new Map(rows.map((row) => [row.id, row.slug]));
}

export interface TSloEvaluationWrite {
  id: string;
  /** The status read before evaluating: the row is only written if it still has it. */
  previousStatus: TSloStatus;
  status: TSloStatus;
  statusReason: string;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
  alerts: unknown[];
  isOutOfSlo: boolean;
  isTelemetryStale: boolean;
  windowGoodEvents: number | null;
  windowTotalEvents: number | null;
  /** The row already holds exactly these values: only evaluatedAt is written. */
  unchanged: boolean;
  /**
   * The row already holds exactly these alerts (most cycles: only counts moved): the column is
   * left as it is and the alerts are not sent, half of each changed SLO's bytes.
   */
  alertsUnchanged: boolean;
}

export interface TSloTransitionWrite {
  sloId: string;
  serviceId: string;
  title: string;
  dedupeKey: string;
  details: Record<string, unknown>;
}

/**
 * Stores one evaluation cycle in one transaction: status columns of every SLO, a minute
 * snapshot each, and a change event per transition. An SLO whose status changed since it
 * was read (another writer got there first) is left alone, and so are its snapshot and
 * event: exactly one event per transition even if two cycles overlap. Snapshots and events
 * are idempotent by their unique keys, so a retried cycle writes nothing twice.
 *
 * Each SLO row and its snapshot are one statement (UPDATE … RETURNING feeding the snapshot
 * INSERT), so nothing is read back first and no snapshot row crosses to the database: an
 * unchanged SLO is sent as its id alone (one statement for all of them) and its snapshot is
 * the row as it stands; a changed one as its new values (one statement per 2,000).
 */
export async function writeSloEvaluations(
  organizationId: string,
  input: { evaluatedAt: Date; snapshotAt: Date; evaluations: readonly TSloEvaluationWrite[]; transitions: readonly TSloTransitionWrite[] },
): Promise<{ updated: number; snapshots: number; events: number }> {
  if (input.evaluations.length === 0) return { updated: 0, snapshots: 0, events: 0 };
  const evaluatedAt = input.evaluatedAt.toISOString();
  const snapshotAt = input.snapshotAt.toISOString();
  const unchanged = input.evaluations.filter((evaluation) => evaluation.unchanged);
  const changed = input.evaluations.filter((evaluation) => !evaluation.unchanged);
  // The rows' JSON texts are built before the transaction (PGlite's lock is not held meanwhile), in stretches.
  const unchangedTexts = await jsonArrayTexts(chunksOf(unchanged, UNCHANGED_CHUNK), (evaluation) => ({ id: evaluation.id, previousStatus: evaluation.previousStatus }));
  // Each changed chunk's distinct alert lists go once, as a second JSON parameter ($5), and each
  // row names its list by position: most SLOs' lists are alike (the workbook's four rules, nothing
  // firing), and every SLO's list parsed by the database made a first cycle's Bind 32–45 ms per
  // 2,000 rows against 12–18 ms (README). A row whose alerts did not change names none (NULL): the row keeps its own.
  const budget = createTurnBudget();
  const changedWrites: { rows: string; alertLists: string }[] = [];
  for (const chunk of chunksOf(changed, BULK_CHUNK)) {
    const alertLists = new Map<string, number>();
    const [rows] = await jsonArrayTexts(
      [chunk],
      ({ unchanged: _unchanged, alertsUnchanged, alerts, ...evaluation }) => {
        if (alertsUnchanged) return evaluation;
        const list = JSON.stringify(alerts);
        const index = alertLists.get(list) ?? alertLists.size;
        alertLists.set(list, index);
        return { ...evaluation, alertsIndex: index };
      },
      { budget },
    );
    changedWrites.push({ rows: rows ?? "[]", alertLists: `[${[...alertLists.keys()].join(",")}]` });
  }
  return runRawWriteTransaction(
    async (run) => {
      const totals = { updated: 0, snapshots: 0 };
      const skipped = new Set<string>();
      const write = async (sql: string, rowsJson: string, ...more: string[]) => {
        const [counts] = await run<{ updated: number; snapshots: number; skipped: string }>(sql, rowsJson, organizationId, evaluatedAt, snapshotAt, ...more);
        totals.updated += counts?.updated ?? 0;
        totals.snapshots += counts?.snapshots ?? 0;
        for (const id of JSON.parse(counts?.skipped ?? "[]") as string[]) skipped.add(id);
      };
      // On PGlite the snapshot insert skips its two foreign keys' per-row checks (replica mode,
      // local to the transaction): 20,000 lookups a cycle at 10,000 SLOs, ~27 % of these
      // statements' time in the database (README). Each snapshot references by construction the
      // SLO row the same statement just updated (and locked), and that row's organization ($2 is in
      // the UPDATE's WHERE); PGlite is one session and this transaction holds it, so nothing can
      // delete either meanwhile. No other trigger exists on "Slo" or "SloStatusSnapshot". Postgres
      // checks as always (concurrent sessions; its role need not be a superuser). The same rule as
      // the mesh's first-round inserts (server/db/replica-mode-write.ts).
      await writeWithoutReferenceChecksOnPGlite(run, async () => {
        for (const text of unchangedTexts) await write(UPDATE_UNCHANGED_SQL, text);
        for (const { rows, alertLists } of changedWrites) await write(UPDATE_CHANGED_SQL, rows, alertLists);
      });
      // The change events name services: checked as always.

      // One change event per transition, in bulk like the snapshots: every status is new on
      // a first cycle (10,000 SLOs: ~1,100 events), and Prisma's createMany binding 11
      // parameters per row cost ~0.9 s of CPU on the embedded database, the first cycle's
      // whole excess over a steady one. ON CONFLICT DO NOTHING is createMany's skipDuplicates.
      const events = input.transitions.filter((transition) => !skipped.has(transition.sloId));
      let created = 0;
      for (const chunk of chunksOf(events, BULK_CHUNK)) {
        const [inserted] = await run<{ created: number }>(
          `WITH inserted AS (
             INSERT INTO "ChangeEvent" ("id", "organizationId", "serviceId", "type", "title", "details", "actor", "source", "dedupeKey", "occurredAt")
             SELECT v."id", $2, v."serviceId", 'slo_status_changed', v."title", v."details", 'plumbline (SLO worker)', 'mesh'::"FactSource", v."dedupeKey", $3::timestamptz
             FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "serviceId" text, "title" text, "details" jsonb, "dedupeKey" text)
             ON CONFLICT DO NOTHING
             RETURNING 1
           )
           SELECT count(*)::int AS "created" FROM inserted`,
          JSON.stringify(chunk.map((event) => ({ id: randomUUID(), serviceId: event.serviceId, title: event.title, details: event.details, dedupeKey: event.dedupeKey }))),
          organizationId,
          evaluatedAt,
        );
        created += inserted?.created ?? 0;
      }
      return { updated: totals.updated, snapshots: totals.snapshots, events: created };
    },
    { timeoutMs: 120_000, maxWaitMs: 30_000 },
  );
}

/**
 * The embedded database (PGlite) runs no autovacuum, and only VACUUM tells Postgres where
 * freed space is: every cycle writes a new version of each SLO row (evaluatedAt moves), so
 * without it "Slo" grew by a whole copy of itself per cycle (10,000 SLOs: ~11 MB a minute,
 * held in memory or on disk, and scanned by every later read). After it, the next cycle's
 * rows reuse the space. A few tens of ms at 10,000 SLOs. Postgres' autovacuum does this there.
 * The workers' periodic maintenance (server/db/embedded-maintenance.ts, every 5 minutes) covers
 * every other table, and Slo too, but not often enough for a table rewritten whole each minute:
 * with it alone Slo grew to 64–76 MB between its runs at 10,000 SLOs, against 26 MB with this
 * (bench/slo-vacuum-cadence.bench.ts), at no measurable cost to the cycle. So this stays.
 */
export async function reclaimSloRowSpace(): Promise<void> {
  if (getDbHandle().config.kind !== "pglite") return;
  await getPrisma().$executeRawUnsafe(`VACUUM "Slo"`);
}

/** Ids only (~50 bytes each): all of an organization's unchanged SLOs fit one statement. */
const UNCHANGED_CHUNK = 10_000;

// Both statements reach "Slo" by primary key from the JSON rows ($1); tenant ($2) and the
// status read before evaluating are filters on the row found. The minute snapshot ($4) is
// taken from what the UPDATE returns (the row as it now stands), and the statement answers
// how many rows it updated, how many snapshots were new, and which SLOs it left alone.
const WRITE_RESULT_SQL = `,
  snapshots AS (
    INSERT INTO "SloStatusSnapshot" ("id", "organizationId", "sloId", "at", "resolution", "status", "sli", "budgetRemaining", "burnRates")
    SELECT ${statementOrderedIdSql('row_number() OVER ()')}, $2, u."id", $4::timestamptz, 'minute'::"SnapshotResolution", u."status", u."sli", u."budgetRemaining", u."burnRates"
    FROM updated AS u
    ON CONFLICT ("sloId", "resolution", "at") DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM updated)::int AS "updated",
         (SELECT count(*) FROM snapshots)::int AS "snapshots",
         (SELECT COALESCE(json_agg(v."id"), '[]') FROM v WHERE v."id" NOT IN (SELECT "id" FROM updated))::text AS "skipped"`;

/** Same values as stored: only evaluatedAt moves (statusSince is set once, on a row that never had it). */
const UPDATE_UNCHANGED_SQL = `
  WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "previousStatus" text)),
  updated AS (
    UPDATE "Slo" AS s SET "evaluatedAt" = $3::timestamptz, "statusSince" = COALESCE(s."statusSince", $3::timestamptz)
    FROM v
    WHERE s."id" = v."id" AND s."organizationId" = $2 AND s."status"::text = v."previousStatus"
    RETURNING s."id", s."status", s."sli", s."budgetRemaining", s."burnRates"
  )${WRITE_RESULT_SQL}`;

const UPDATE_CHANGED_SQL = `
  WITH v AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(
      "id" text, "previousStatus" text, "status" text, "statusReason" text, "sli" float8, "budgetRemaining" float8,
      "burnRates" jsonb, "alertsIndex" int, "isOutOfSlo" boolean, "isTelemetryStale" boolean,
      "windowGoodEvents" float8, "windowTotalEvents" float8)
  ),
  updated AS (
    UPDATE "Slo" AS s SET
      "status" = v."status"::"SloStatus",
      "statusReason" = v."statusReason",
      "sli" = v."sli",
      "budgetRemaining" = v."budgetRemaining",
      "burnRates" = v."burnRates",
      "alerts" = COALESCE($5::jsonb -> v."alertsIndex", s."alerts"),
      "isOutOfSlo" = v."isOutOfSlo",
      "isTelemetryStale" = v."isTelemetryStale",
      "windowGoodEvents" = v."windowGoodEvents",
      "windowTotalEvents" = v."windowTotalEvents",
      "evaluatedAt" = $3::timestamptz,
      "statusSince" = CASE WHEN s."statusSince" IS NULL OR v."status" <> v."previousStatus" THEN $3::timestamptz ELSE s."statusSince" END
    FROM v
    WHERE s."id" = v."id" AND s."organizationId" = $2 AND s."status"::text = v."previousStatus"
    RETURNING s."id", s."status", s."sli", s."budgetRemaining", s."burnRates"
  )${WRITE_RESULT_SQL}`;

// ---------- Declared (catalog) SLOs ----------

export interface TStoredSloRef {
  id: string;
  serviceSlug: string;
  name: string;
  source: string;
  catalogOrigin: string | null;
}

export async function findStoredSloRefs(organizationId: string): Promise<TStoredSloRef[]> {
  const rows = await getPrisma().slo.findMany({
    where: { organizationId },
    select: { id: true, name: true, source: true, catalogOrigin: true, service: { select: { slug: true } } },
  });
  return rows.map((row) => ({ id: row.id, serviceSlug: row.service.slug, name: row.name, source: row.source, catalogOrigin: row.catalogOrigin }));
}

export async function findServiceSlugs(organizationId: string): Promise<string[]> {
  const rows = await getPrisma().service.findMany({ where: { organizationId }, select: { slug: true } });
  return rows.map((row) => row.slug);
}

export interface TDeclaredSloWrite {
  serviceSlug: string;
  name: string;
  kind: TSloKind;
  objective: number;
  windowDays: number;
  latencyThresholdMs: number | null;
  minRequests: number;
  budgeting?: Record<string, unknown>;
  alerting?: Record<string, unknown>;
  provenance: Record<string, unknown>;
}

/**
 * Writes the SLOs one catalog location declares (source catalog), in one transaction.
 * Existing rows keep their id, status and history; only the definition changes. With
 * `prune`, catalog SLOs this location declared before and no longer does are removed.
 * UI-made SLOs are never written here (the caller leaves them out). An SLO whose service
 * is gone by now (removed by the same import) is not written and is handed back.
 */
export async function applyDeclaredSlos(
  organizationId: string,
  input: { origin: string; slos: readonly TDeclaredSloWrite[]; prune: boolean },
): Promise<{
  upserted: number;
  removed: number;
  missingService: TDeclaredSloWrite[];
  /** By `<serviceSlug>/<name>`: a new SLO, a changed definition, or the same one. */
  statuses: Map<string, "imported" | "updated" | "unchanged">;
}> {
  const definitionSelect = {
    serviceId: true,
    name: true,
    kind: true,
    objective: true,
    windowDays: true,
    latencyThresholdMs: true,
    minRequests: true,
    budgeting: true,
    alerting: true,
    provenance: true,
    source: true,
    catalogOrigin: true,
  } as const;
  return getPrisma().$transaction(
    async (tx) => {
      const services = await tx.service.findMany({ where: { organizationId }, select: { id: true, slug: true } });
      const serviceIds = new Map(services.map((service) => [service.slug, service.id]));
      const existing = new Map(
        (await tx.slo.findMany({ where: { organizationId }, select: { id: true, ...definitionSelect } })).map((row) => [`${row.serviceId}/${row.name}`, row]),
      );
      const statuses = new Map<string, "imported" | "updated" | "unchanged">();
      const kept = new Set<string>();
      const creates: Prisma.SloCreateManyInput[] = [];
      const missingService: TDeclaredSloWrite[] = [];
      for (const slo of input.slos) {
        const serviceId = serviceIds.get(slo.serviceSlug);
        if (serviceId === undefined) {
          missingService.push(slo);
          continue;
        }
        const definition = {
          kind: slo.kind,
          objective: slo.objective,
          windowDays: slo.windowDays,
          latencyThresholdMs: slo.latencyThresholdMs,
          minRequests: slo.minRequests,
          budgeting: (slo.budgeting ?? {}) as Prisma.InputJsonValue,
          alerting: (slo.alerting ?? {}) as Prisma.InputJsonValue,
          provenance: slo.provenance as Prisma.InputJsonValue,
          source: "catalog" as const,
          catalogOrigin: input.origin,
        };
        // Diff-only: a definition that is the same as stored is not written (an unchanged re-import writes nothing).
        const before = existing.get(`${serviceId}/${slo.name}`);
        const id = before?.id ?? randomUUID();
        if (before === undefined) creates.push({ id, organizationId, serviceId, name: slo.name, ...definition });
        else if (!sameDefinition(before, definition)) await tx.slo.update({ where: { id }, data: definition });
        kept.add(id);
        statuses.set(
          `${slo.serviceSlug}/${slo.name}`,
          before === undefined ? "imported" : sameDefinition(before, definition) ? "unchanged" : "updated",
        );
      }
      if (creates.length > 0) await tx.slo.createMany({ data: creates });
      let removed = 0;
      if (input.prune) {
        const goneIds = [...existing.values()].filter((row) => row.source === "catalog" && row.catalogOrigin === input.origin && !kept.has(row.id)).map((row) => row.id);
        if (goneIds.length > 0) removed = (await tx.slo.deleteMany({ where: { organizationId, id: { in: goneIds } } })).count;
      }
      return { upserted: kept.size, removed, missingService, statuses };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

// ---------- Reading SLOs for pages ----------

/** An SLO row as pages read it: its definition, and what the last evaluation stored on it. */
export interface TStoredSlo extends TStoredEvaluationValues {
  id: string;
  name: string;
  kind: TSloKind;
  objective: number;
  windowDays: number;
  latencyThresholdMs: number | null;
  minRequests: number;
  source: string;
  provenance: unknown;
  catalogOrigin: string | null;
  status: TSloStatus;
  statusSince: Date | null;
  evaluatedAt: Date | null;
}

const STORED_SLO_SELECT = {
  id: true,
  name: true,
  kind: true,
  objective: true,
  windowDays: true,
  latencyThresholdMs: true,
  minRequests: true,
  source: true,
  provenance: true,
  catalogOrigin: true,
  status: true,
  statusReason: true,
  statusSince: true,
  evaluatedAt: true,
  sli: true,
  budgetRemaining: true,
  burnRates: true,
  alerts: true,
  isOutOfSlo: true,
  isTelemetryStale: true,
  windowGoodEvents: true,
  windowTotalEvents: true,
} as const;

export async function findServiceSlos(organizationId: string, serviceSlug: string): Promise<TStoredSlo[]> {
  return getPrisma().slo.findMany({
    where: { organizationId, service: { slug: serviceSlug } },
    select: STORED_SLO_SELECT,
    orderBy: { name: "asc" },
  });
}

export async function findServiceSlo(organizationId: string, serviceSlug: string, name: string): Promise<TStoredSlo | null> {
  return getPrisma().slo.findFirst({
    where: { organizationId, name, service: { slug: serviceSlug } },
    select: STORED_SLO_SELECT,
  });
}

export interface TStoredTransition {
  sloId: string | null;
  occurredAt: Date;
  details: unknown;
}

/** The service's latest SLO status transitions, newest first. */
export async function findRecentSloTransitions(organizationId: string, serviceSlug: string, limit: number): Promise<TStoredTransition[]> {
  const rows = await getPrisma().changeEvent.findMany({
    where: { organizationId, type: "slo_status_changed", service: { slug: serviceSlug } },
    select: { occurredAt: true, details: true },
    orderBy: { occurredAt: "desc" },
    take: limit,
  });
  return rows.map((row) => {
    const details = row.details as Record<string, unknown> | null;
    const sloId = typeof details?.["sloId"] === "string" ? details["sloId"] : null;
    return { sloId, occurredAt: row.occurredAt, details: row.details };
  });
}

export interface TStoredSnapshot {
  at: Date;
  resolution: "minute" | "hour";
  status: TSloStatus;
  sli: number | null;
  budgetRemaining: number | null;
  burnRates: unknown;
}

export async function findSloSnapshots(organizationId: string, sloId: string, from: Date): Promise<TStoredSnapshot[]> {
  return getPrisma().sloStatusSnapshot.findMany({
    where: { organizationId, sloId, at: { gte: from } },
    select: { at: true, resolution: true, status: true, sli: true, budgetRemaining: true, burnRates: true },
    orderBy: { at: "asc" },
  });
}

// ---------- SLOs made on the service page ----------

export async function findServiceRef(organizationId: string, slug: string): Promise<{ id: string; slug: string; ownerTeamSlug: string | null } | null> {
  const row = await getPrisma().service.findUnique({
    where: { organizationId_slug: { organizationId, slug } },
    select: { id: true, slug: true, ownerTeam: { select: { slug: true } } },
  });
  return row ? { id: row.id, slug: row.slug, ownerTeamSlug: row.ownerTeam?.slug ?? null } : null;
}

export async function findSloRef(
  organizationId: string,
  serviceId: string,
  name: string,
): Promise<{ id: string; source: string; provenance: unknown; catalogOrigin: string | null } | null> {
  return getPrisma().slo.findFirst({
    where: { organizationId, serviceId, name },
    select: { id: true, source: true, provenance: true, catalogOrigin: true },
  });
}

export async function upsertUiSlo(
  organizationId: string,
  serviceId: string,
  input: { name: string; kind: TSloKind; objective: number; windowDays: number; latencyThresholdMs: number | null; minRequests: number; provenance: Record<string, unknown> },
): Promise<{ id: string; created: boolean }> {
  const prisma = getPrisma();
  const definition = {
    kind: input.kind,
    objective: input.objective,
    windowDays: input.windowDays,
    latencyThresholdMs: input.latencyThresholdMs,
    minRequests: input.minRequests,
    provenance: input.provenance as Prisma.InputJsonValue,
    source: "ui" as const,
    catalogOrigin: null,
  };
  const existing = await prisma.slo.findFirst({ where: { organizationId, serviceId, name: input.name }, select: { id: true } });
  if (existing) {
    await prisma.slo.update({ where: { id: existing.id }, data: definition, select: { id: true } });
    return { id: existing.id, created: false };
  }
  const row = await prisma.slo.create({ data: { organizationId, serviceId, name: input.name, ...definition }, select: { id: true } });
  return { id: row.id, created: true };
}

export async function deleteSlo(organizationId: string, sloId: string): Promise<void> {
  await getPrisma().slo.deleteMany({ where: { organizationId, id: sloId } });
}

// ---------- Snapshot retention ----------

/** SLOs with snapshots due for folding or deletion, and how many each. */
export async function findSnapshotRetentionBacklog(
  organizationId: string,
  cutoffs: { minuteBefore: Date; hourlyBefore: Date },
): Promise<{ sloId: string; count: number }[]> {
  const groups = await getPrisma().sloStatusSnapshot.groupBy({
    by: ["sloId"],
    where: {
      organizationId,
      OR: [
        { resolution: "minute", at: { lt: cutoffs.minuteBefore } },
        { resolution: "hour", at: { lt: cutoffs.hourlyBefore } },
      ],
    },
    _count: { _all: true },
  });
  return groups.map((group) => ({ sloId: group.sloId, count: group._count._all }));
}

export interface TRetentionSnapshot extends TStoredSnapshot {
  id: string;
  sloId: string;
}

/**
 * What the retention plan of some SLOs needs: their minute snapshots due for folding and
 * their hourly snapshots that are expired or sit in the hours being folded (an existing
 * hourly row means the hour was folded before).
 */
export async function findSnapshotsForRetention(
  organizationId: string,
  sloIds: readonly string[],
  cutoffs: { minuteBefore: Date; hourlyBefore: Date },
): Promise<TRetentionSnapshot[]> {
  const prisma = getPrisma();
  const select = { id: true, sloId: true, at: true, resolution: true, status: true, sli: true, budgetRemaining: true, burnRates: true } as const;
  const minutes = await prisma.sloStatusSnapshot.findMany({
    where: { organizationId, sloId: { in: [...sloIds] }, resolution: "minute", at: { lt: cutoffs.minuteBefore } },
    select,
  });
  const earliest = minutes.reduce<number | null>((min, row) => (min === null || row.at.getTime() < min ? row.at.getTime() : min), null);
  const hours = await prisma.sloStatusSnapshot.findMany({
    where: {
      organizationId,
      sloId: { in: [...sloIds] },
      resolution: "hour",
      OR: [
        { at: { lt: cutoffs.hourlyBefore } },
        ...(earliest === null ? [] : [{ at: { gte: new Date(Math.floor(earliest / 3_600_000) * 3_600_000), lt: cutoffs.minuteBefore } }]),
      ],
    },
    select,
  });
  return [...minutes, ...hours];
}

export async function applySnapshotRetentionChanges(
  organizationId: string,
  changes: {
    create: { sloId: string; at: Date; status: TSloStatus; sli: number | null; budgetRemaining: number | null; burnRates: Record<string, number | null> }[];
    deleteIds: string[];
    /** Every minute snapshot of these SLOs before this instant (what a plan for them deletes anyway). */
    deleteMinutes?: { sloIds: readonly string[]; before: Date } | null;
  },
): Promise<{ created: number; deleted: number }> {
  return getPrisma().$transaction(
    async (tx) => {
      let created = 0;
      for (const chunk of chunksOf(changes.create, BULK_CHUNK)) {
        created += (
          await tx.sloStatusSnapshot.createMany({
            data: chunk.map((row) => ({ ...row, organizationId, resolution: "hour" as const, burnRates: row.burnRates as Prisma.InputJsonValue })),
            skipDuplicates: true,
          })
        ).count;
      }
      let deleted = 0;
      if (changes.deleteMinutes) {
        const { sloIds, before } = changes.deleteMinutes;
        deleted += (
          await tx.sloStatusSnapshot.deleteMany({ where: { organizationId, sloId: { in: [...sloIds] }, resolution: "minute", at: { lt: before } } })
        ).count;
      }
      for (const chunk of chunksOf(changes.deleteIds, 10_000)) {
        deleted += (await tx.sloStatusSnapshot.deleteMany({ where: { organizationId, id: { in: chunk } } })).count;
      }
      return { created, deleted };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

// ---------- Overview (home page) ----------

export interface TOverviewRow {
  serviceSlug: string;
  serviceName: string;
  serviceTier: number | null;
  ownerTeam: TTeamRef | null;
  name: string;
  kind: TSloKind;
  objective: number;
  status: TSloStatus;
  statusReason: string | null;
  statusSince: Date | null;
  isOutOfSlo: boolean;
  budgetRemaining: number | null;
  burnRates: unknown;
}

const OVERVIEW_SELECT = {
  name: true,
  kind: true,
  objective: true,
  status: true,
  statusReason: true,
  statusSince: true,
  isOutOfSlo: true,
  budgetRemaining: true,
  burnRates: true,
  service: { select: { slug: true, name: true, tier: true, ownerTeam: { select: { slug: true, name: true } } } },
} as const;

type OverviewSelected = Prisma.SloGetPayload<{ select: typeof OVERVIEW_SELECT }>;

function toOverviewRow(row: OverviewSelected): TOverviewRow {
  return {
    serviceSlug: row.service.slug,
    serviceName: row.service.name,
    serviceTier: row.service.tier,
    ownerTeam: row.service.ownerTeam,
    name: row.name,
    kind: row.kind,
    objective: row.objective,
    status: row.status,
    statusReason: row.statusReason,
    statusSince: row.statusSince,
    isOutOfSlo: row.isOutOfSlo,
    budgetRemaining: row.budgetRemaining,
    burnRates: row.burnRates,
  };
}

export async function findOutOfSloSlos(organizationId: string, limit: number): Promise<TOverviewRow[]> {
  const rows = await getPrisma().slo.findMany({
    // Out of SLO = breached (domain/slo/slo-status-vocabulary.ts); a page alert with budget left is "at risk".
    where: { organizationId, status: "breached" },
    select: OVERVIEW_SELECT,
    orderBy: [{ budgetRemaining: { sort: "asc", nulls: "last" } }, { name: "asc" }],
    take: limit,
  });
  return rows.map(toOverviewRow);
}

/** Highest 1-hour burn first, only those spending faster than the budget allows (> 1x). */
export async function findFastestBurningSlos(organizationId: string, limit: number): Promise<TOverviewRow[]> {
  // Prisma cannot order by a JSON field, so pick the ids in SQL and read them the usual way.
  const ranked = await getPrisma().$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id" FROM "Slo"
     WHERE "organizationId" = $1 AND "status" <> 'no_data'::"SloStatus"
       AND jsonb_typeof("burnRates"->'1h') = 'number' AND ("burnRates"->>'1h')::float8 > 1
     ORDER BY ("burnRates"->>'1h')::float8 DESC, "id"
     LIMIT $2`,
    organizationId,
    limit,
  );
  if (ranked.length === 0) return [];
  const rows = await getPrisma().slo.findMany({
    where: { organizationId, id: { in: ranked.map((row) => row.id) } },
    select: { id: true, ...OVERVIEW_SELECT },
  });
  const order = new Map(ranked.map((row, index) => [row.id, index]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)).map(toOverviewRow);
}

export async function countSlosByStatus(organizationId: string): Promise<{ counts: Record<TSloStatus, number>; lastEvaluatedAt: Date | null }> {
  const prisma = getPrisma();
  const [groups, latest] = await Promise.all([
    prisma.slo.groupBy({ by: ["status"], where: { organizationId }, _count: { _all: true } }),
    prisma.slo.aggregate({ where: { organizationId }, _max: { evaluatedAt: true } }),
  ]);
  const counts: Record<TSloStatus, number> = { healthy: 0, at_risk: 0, breached: 0, no_data: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return { counts, lastEvaluatedAt: latest._max.evaluatedAt };
}

/** The stored definition and the declared one compared field by field (jsonb keeps its own key order). */
function sameDefinition(stored: Record<string, unknown>, declared: Record<string, unknown>): boolean {
  return Object.entries(declared).every(([field, value]) => canonicalJson(stored[field]) === canonicalJson(value));
}

/** Every SLO with its service and that service's live workloads, for exports (Prometheus rules, OpenSLO). */
export async function findSlosForExport(organizationId: string): Promise<
  {
    name: string;
    kind: TSloKind;
    objective: number;
    windowDays: number;
    latencyThresholdMs: number | null;
    minRequests: number;
    budgeting: unknown;
    alerting: unknown;
    service: { slug: string; workloads: { namespace: string; name: string }[] };
  }[]
> {
  return getPrisma().slo.findMany({
    where: { organizationId },
    select: {
      name: true,
      kind: true,
      objective: true,
      windowDays: true,
      latencyThresholdMs: true,
      minRequests: true,
      budgeting: true,
      alerting: true,
      service: { select: { slug: true, workloads: { where: { deletedAt: null }, select: { namespace: true, name: true }, orderBy: [{ namespace: "asc" }, { name: "asc" }] } } },
    },
    orderBy: [{ service: { slug: "asc" } }, { name: "asc" }],
  });
}

/** Time slices older than any window can reach (a calendar year, plus slack) are dropped. */
export async function deleteSloTimeSlicesBefore(organizationId: string, before: Date): Promise<number> {
  return (await getPrisma().sloTimeSlice.deleteMany({ where: { organizationId, start: { lt: before } } })).count;
}
