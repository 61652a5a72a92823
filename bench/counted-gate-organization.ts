// The gate bench's organization (bench/seed-gate-graph.ts) on a database whose statements are
// counted (bench/statement-log.ts), for the in-process benches of the gate's reads and writes.
// Postgres: a fresh database of the test server; PGlite: in a worker thread on a data directory,
// as npm start opens it.
import { closeHandle, getPrisma, setDbHandle } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { seedGateGraph } from "./seed-gate-graph.ts";
import { openCountedHandle, type TStatementLog } from "./statement-log.ts";

export async function openCountedGateOrganization(kind: "postgres" | "pglite"): Promise<{ organizationId: string; statements: TStatementLog; close: () => Promise<void> }> {
  const fresh = kind === "postgres" ? await openTestDatabase("postgres") : null;
  const { handle, statements } = await openCountedHandle(fresh?.url ?? undefined, { embedded: "as the app", alreadyMigrated: true });
  setDbHandle(handle);
  const close = async () => {
    await closeHandle(handle);
    await fresh?.close();
  };
  try {
    const organization = await upsertOrganization("default", "Bench");
    await seedGateGraph(organization.id);
    await getPrisma().$executeRawUnsafe("ANALYZE");
    return { organizationId: organization.id, statements, close };
  } catch (error) {
    await close();
    throw error;
  }
}
