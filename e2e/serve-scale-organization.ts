// The `scale` Playwright project's web server (playwright.config.ts): a scratch database
// on the test Postgres (TEST_DATABASE_URL, which `npm test` starts and exports), migrated
// and seeded in bulk SQL with the 10,000-service organization the benches use
// (server/testing/seed-large-organization.ts), then the app started on it the way the
// demo server is (`scripts/start.ts`), as a web process the way production runs it on
// Postgres. On SIGTERM/SIGINT (Playwright's graceful shutdown) it waits for the app to
// stop and drops the database.
import { spawn } from "node:child_process";
import { getPrisma } from "@/server/db/client.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { seedLargeOrganization } from "@/server/testing/seed-large-organization.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";

/** How long the app may take to stop after the signal before it is killed. */
const STOP_GRACE_MS = 10_000;

async function main(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    throw new Error("TEST_DATABASE_URL is not set: the 10,000-service organization needs a real Postgres (npm test starts one and exports it).");
  }
  const started = Date.now();
  const db = await openTestDatabase("postgres");
  const migrated = Date.now();
  const organization = await ensureDefaultOrganization();
  await seedLargeOrganization(organization.id);
  const prisma = getPrisma();
  const [services, edges, slos] = await Promise.all([
    prisma.service.count({ where: { organizationId: organization.id } }),
    prisma.edge.count({ where: { organizationId: organization.id } }),
    prisma.slo.count({ where: { organizationId: organization.id } }),
  ]);
  const seconds = (from: number) => ((Date.now() - from) / 1000).toFixed(1);
  console.log(
    `▸ Scale organization: ${services.toLocaleString("en")} services, ${edges.toLocaleString("en")} edges, ${slos.toLocaleString("en")} SLOs; ` +
      `database created and migrated in ${((migrated - started) / 1000).toFixed(1)} s, seeded in ${seconds(migrated)} s`,
  );

  const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: db.url ?? "", PLUMBLINE_ROLE: "web" },
  });
  const exited = new Promise<number>((resolve) => app.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Playwright signals the whole process group, so the app has the signal too; kill it only if it lingers.
    setTimeout(() => app.kill("SIGKILL"), STOP_GRACE_MS).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const code = await exited;
  await db.close();
  process.exit(stopping ? 0 : code || 1);
}

main().catch((error: unknown) => {
  console.error(`✖ The scale organization could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
