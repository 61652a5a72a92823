import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeHandle, createHandle, type DbHandle } from "./client.ts";

// The embedded database runs with a buffer pool and maintenance memory sized for living
// inside the web process (its wasm memory never shrinks), not Postgres' server defaults.
describe("embedded PGlite memory settings", () => {
  let handle: DbHandle;
  beforeAll(() => {
    handle = createHandle({ kind: "pglite", dataDir: "memory://" });
  });
  afterAll(async () => {
    await closeHandle(handle);
  });

  it("uses a 32 MB buffer pool, 16 MB maintenance_work_mem and ANALYZE samples of 9,000 rows, keeping PGlite's own start parameters", async () => {
    const show = async (name: string) => ((await handle.pglite?.query<Record<string, string>>(`SHOW ${name}`))?.rows[0] ?? {})[name];
    expect(await show("shared_buffers")).toBe("32MB");
    expect(await show("maintenance_work_mem")).toBe("16MB");
    expect(await show("default_statistics_target")).toBe("30");
    expect(await show("search_path")).toBe("public");
    expect(await show("max_parallel_workers")).toBe("0");
  });
});
