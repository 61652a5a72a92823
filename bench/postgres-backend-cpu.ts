// CPU time of the Postgres backends serving one database, from /proc (the test Postgres
// runs on this machine), so a bench can print the database's CPU per request next to the
// web process's: on two cores the two share, a decision's cost is both.
import fs from "node:fs";
import pg from "pg";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function pidCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // the backend ended (its connection closed)
  }
}

/**
 * A snapshot of every backend connected to `database` (pg_stat_activity): call it before and
 * after a run; `since(before)` is the CPU those backends used in between. Backends that
 * connected during the run count from zero; ones that closed during it are lost (the app's
 * pool keeps its connections while it is busy).
 */
export async function postgresBackendCpu(url: string, database: string): Promise<{ seconds: Map<number, number>; since(before: { seconds: Map<number, number> }): number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
    const seconds = new Map(rows.map((row) => [row.pid, pidCpuSeconds(row.pid)]));
    return {
      seconds,
      since: (before) => [...seconds].reduce((sum, [pid, s]) => sum + s - (before.seconds.get(pid) ?? 0), 0),
    };
  } finally {
    await client.end();
  }
}
