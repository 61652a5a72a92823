import { foldSnapshotValues } from "@/domain/slo/fold-snapshot-values.ts";
import { readBurnRates } from "./read-burn-rates.ts";
import {
  DEFAULT_SNAPSHOT_RETENTION,
  planSnapshotRetention,
  type SnapshotRetentionPolicy,
} from "@/domain/slo/plan-snapshot-retention.ts";
import {
  applySnapshotRetentionChanges,
  deleteSloTimeSlicesBefore,
  findOrganizationIdsWithSlos,
  findSnapshotRetentionBacklog,
  findSnapshotsForRetention,
  type TRetentionSnapshot,
} from "./slo.repository.ts";

const HOUR_MS = 3_600_000;
const TIME_SLICE_RETENTION_MS = 400 * 24 * HOUR_MS;
/** Snapshots read per batch: bounded memory however long the worker was down. */
const BATCH_ROWS = 50_000;

export interface TRetentionCounts {
  hourlyCreated: number;
  deleted: number;
}

/**
 * Downsamples status snapshots (domain/slo/plan-snapshot-retention.ts): minute
 * snapshots for two days, then one hourly snapshot per whole UTC hour, the worst
 * moment of that hour (foldSnapshotValues), kept for 90 days. Works in batches of
 * whole SLOs, so an hour is never folded from half its minutes; each batch is one
 * transaction, and running it again converges (the plan is idempotent).
 */
export async function applySnapshotRetention(
  organizationId: string,
  now: Date,
  policy: SnapshotRetentionPolicy = DEFAULT_SNAPSHOT_RETENTION,
): Promise<TRetentionCounts> {
  const cutoffs = {
    // Only minutes of whole hours that ended before the cutoff are due; the plan skips the rest.
    minuteBefore: new Date(Math.floor((now.getTime() - policy.minuteRetentionMs) / HOUR_MS) * HOUR_MS),
    hourlyBefore: new Date(now.getTime() - policy.hourlyRetentionMs),
  };
  // A calendar year is the longest window a slice can count in (domain/slo/calendar-window.ts).
  await deleteSloTimeSlicesBefore(organizationId, new Date(now.getTime() - TIME_SLICE_RETENTION_MS));
  const backlog = await findSnapshotRetentionBacklog(organizationId, cutoffs);
  const totals: TRetentionCounts = { hourlyCreated: 0, deleted: 0 };
  for (const sloIds of batchesOf(backlog)) {
    const snapshots = await findSnapshotsForRetention(organizationId, sloIds, cutoffs);
    const bySlo = new Map<string, TRetentionSnapshot[]>();
    for (const snapshot of snapshots) {
      const list = bySlo.get(snapshot.sloId) ?? [];
      list.push(snapshot);
      bySlo.set(snapshot.sloId, list);
    }
    const create: Parameters<typeof applySnapshotRetentionChanges>[1]["create"] = [];
    let deleteIds: string[] = [];
    for (const [sloId, rows] of bySlo) {
      const byKey = new Map(rows.map((row) => [`${row.resolution}:${row.at.getTime()}`, row]));
      const plan = planSnapshotRetention(rows, now, policy);
      for (const fold of plan.hourlyToCreate) {
        const members = fold.from.flatMap((at) => byKey.get(`minute:${at.getTime()}`) ?? []);
        if (members.length === 0) continue;
        const values = foldSnapshotValues(members.map((row) => ({ ...row, burnRates: readBurnRates(row.burnRates) })));
        create.push({ sloId, at: fold.hourStart, ...values, burnRates: { ...values.burnRates } });
      }
      for (const ref of plan.toDelete) {
        const row = byKey.get(`${ref.resolution}:${ref.at.getTime()}`);
        if (row) deleteIds.push(row.id);
      }
    }
    // The plan deletes every minute snapshot it was given (all lie in whole hours before
    // the cutoff): delete those by range, one statement, instead of by id lists.
    const minuteIds = new Set(snapshots.filter((row) => row.resolution === "minute").map((row) => row.id));
    const isEveryMinuteDeleted = deleteIds.filter((id) => minuteIds.has(id)).length === minuteIds.size;
    const deleteMinutes = isEveryMinuteDeleted && minuteIds.size > 0 ? { sloIds, before: cutoffs.minuteBefore } : null;
    if (deleteMinutes) deleteIds = deleteIds.filter((id) => !minuteIds.has(id));
    const applied = await applySnapshotRetentionChanges(organizationId, { create, deleteIds, deleteMinutes });
    totals.hourlyCreated += applied.created;
    totals.deleted += applied.deleted;
  }
  return totals;
}

/** Every organization's snapshots; the worker runs this every few minutes. */
export async function applySnapshotRetentionToAll(now: Date): Promise<TRetentionCounts> {
  const totals: TRetentionCounts = { hourlyCreated: 0, deleted: 0 };
  for (const organizationId of await findOrganizationIdsWithSlos()) {
    const counts = await applySnapshotRetention(organizationId, now);
    totals.hourlyCreated += counts.hourlyCreated;
    totals.deleted += counts.deleted;
  }
  return totals;
}

function* batchesOf(backlog: readonly { sloId: string; count: number }[]): Generator<string[]> {
  let batch: string[] = [];
  let rows = 0;
  for (const entry of backlog) {
    if (batch.length > 0 && rows + entry.count > BATCH_ROWS) {
      yield batch;
      batch = [];
      rows = 0;
    }
    batch.push(entry.sloId);
    rows += entry.count;
  }
  if (batch.length > 0) yield batch;
}
