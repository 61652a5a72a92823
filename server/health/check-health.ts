import { getDbHandle, whenDatabaseReady } from "@/server/db/client.ts";
import { pingDatabase } from "./health.repository.ts";
import { describeDatabase } from "@/server/db/database-config.ts";

export interface THealth {
  ok: boolean;
  database: string;
  error?: string;
}

export async function checkHealth(): Promise<THealth> {
  const database = describeDatabase(getDbHandle().config);
  try {
    await whenDatabaseReady();
    await pingDatabase();
    return { ok: true, database };
  } catch (error) {
    return { ok: false, database, error: error instanceof Error ? error.message : String(error) };
  }
}
