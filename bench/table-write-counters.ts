// What a bench's writes cost the database beyond time: rows inserted, updated and how many
// of the updates were HOT (heap-only: no index touched, pg_stat_user_tables), WAL written
// (pg_stat_wal), whether a checkpoint ran (pg_control_checkpoint's redo position moved:
// also in PGlite's single-user mode, where a checkpoint runs inline in the backend and the
// checkpointer's statistics do not count it), and this process's file I/O (/proc/self/io; PGlite runs inside the
// process, so its page and WAL writes show there). Read before and after a run; the
// difference is the run's. On Postgres the table counters are flushed by each backend
// at most once a second, so read them after the run has settled.
import fs from "node:fs";

type TQueryRaw = { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> };

export interface TWriteCounters {
  tables: Map<string, { inserted: number; updated: number; hot: number }>;
  walBytes: number;
  walFullPageImages: number;
  /** Where the last checkpoint's redo starts (an LSN as text). */
  checkpointRedo: string;
  processIo: { readBytes: number; writtenBytes: number; readCalls: number; writeCalls: number } | null;
}

export async function readWriteCounters(prisma: TQueryRaw, tables: readonly string[]): Promise<TWriteCounters> {
  const rows = await prisma.$queryRawUnsafe<{ relname: string; ins: bigint; upd: bigint; hot: bigint }[]>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = ANY($1::text[])`,
    tables,
  );
  const [wal] = await prisma.$queryRawUnsafe<{ bytes: string; fpi: bigint }[]>(`SELECT wal_bytes::text AS bytes, wal_fpi AS fpi FROM pg_stat_wal`);
  const [checkpoint] = await prisma.$queryRawUnsafe<{ redo: string }[]>(`SELECT redo_lsn::text AS redo FROM pg_control_checkpoint()`);
  return {
    checkpointRedo: checkpoint?.redo ?? "",
    tables: new Map(rows.map((row) => [row.relname, { inserted: Number(row.ins), updated: Number(row.upd), hot: Number(row.hot) }])),
    walBytes: Number(wal?.bytes ?? 0),
    walFullPageImages: Number(wal?.fpi ?? 0),
    processIo: readProcessIo(),
  };
}

function readProcessIo(): TWriteCounters["processIo"] {
  let text: string;
  try {
    text = fs.readFileSync("/proc/self/io", "utf8");
  } catch {
    return null; // not Linux
  }
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  return { readBytes: field("rchar"), writtenBytes: field("wchar"), readCalls: field("syscr"), writeCalls: field("syscw") };
}

/** One line: per table "inserted / updated (HOT %)", WAL MB and full-page images, file I/O of this process. */
export function describeWriteCounters(before: TWriteCounters, after: TWriteCounters): string {
  const tables = [...after.tables].map(([name, now]) => {
    const was = before.tables.get(name) ?? { inserted: 0, updated: 0, hot: 0 };
    const updated = now.updated - was.updated;
    const hot = now.hot - was.hot;
    const hotShare = updated === 0 ? "" : ` (${((100 * hot) / updated).toFixed(0)} % HOT)`;
    return `${name} +${now.inserted - was.inserted} ins, ${updated} upd${hotShare}`;
  });
  const checkpointed = after.checkpointRedo === before.checkpointRedo ? "no checkpoint" : "a checkpoint ran";
  const wal = `WAL ${((after.walBytes - before.walBytes) / 1e6).toFixed(1)} MB, ${after.walFullPageImages - before.walFullPageImages} full-page images, ${checkpointed}`;
  const io =
    before.processIo && after.processIo
      ? `; read/write calls of this process (files and sockets): read ${((after.processIo.readBytes - before.processIo.readBytes) / 1e6).toFixed(0)} MB in ${after.processIo.readCalls - before.processIo.readCalls} calls, ` +
        `written ${((after.processIo.writtenBytes - before.processIo.writtenBytes) / 1e6).toFixed(0)} MB in ${after.processIo.writeCalls - before.processIo.writeCalls} calls`
      : "";
  return `${tables.join("; ")}; ${wal}${io}`;
}
