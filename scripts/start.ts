// npm start: the embedded default. Builds the web app when its sources changed, applies
// migrations, imports the example catalog on first start (or PLUMBLINE_CATALOG on every
// start), then serves web, API and workers in this one process on PORT (3000).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { closeDb, ensureMigrated, getDbHandle } from "../server/db/client.ts";
import { describeDatabase } from "../server/db/database-config.ts";
import { seedCatalogOnStart } from "../server/catalog/seed-catalog-on-start.ts";
import { computeBuildFingerprint } from "./build-fingerprint.ts";

const isDev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function buildIfChanged(): void {
  const stampFile = path.join(".next", "plumbline-build.json");
  const fingerprint = computeBuildFingerprint();
  const previous = fs.existsSync(stampFile) ? (JSON.parse(fs.readFileSync(stampFile, "utf8")) as { fingerprint: string }) : null;
  if (previous?.fingerprint === fingerprint && fs.existsSync(path.join(".next", "BUILD_ID"))) return;
  console.log("▸ Building the web app (first start, or sources changed)…");
  const result = spawnSync(process.execPath, [require_resolve_next_bin(), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    console.error("✖ next build failed; see the output above.");
    process.exit(1);
  }
  fs.writeFileSync(stampFile, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  console.log(`  built in ${elapsed()}`);
}

function require_resolve_next_bin(): string {
  return path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
}

async function main(): Promise<void> {
  if (!isDev) buildIfChanged();

  const handle = getDbHandle();
  console.log(`▸ Database: ${describeDatabase(handle.config)}`);
  const applied = await ensureMigrated(handle);
  console.log(applied.length ? `  applied ${applied.length} migration(s)` : "  schema up to date");

  await seedCatalogOnStart((line) => console.log(`  ${line}`));

  const app = next({ dev: isDev, dir: process.cwd(), hostname: "localhost", port });
  await app.prepare();
  const handler = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      console.error("request failed", error);
      if (!res.headersSent) res.writeHead(500).end("Internal error");
    });
  });
  server.listen(port, hostname, () => {
    console.log(`\n✔ Plumbline is ready at http://localhost:${port} (${elapsed()})\n`);
  });

  const shutdown = (signal: string) => {
    console.log(`\n${signal}: shutting down…`);
    server.close();
    closeDb()
      .catch(() => {})
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`✖ Plumbline could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
