import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PGLITE_START_PARAMS } from "@/server/db/client.ts";
import { applyMigrations } from "@/server/db/migrations.ts";
import { pgliteMigrationAdapter, postgresMigrationAdapter } from "@/server/db/migration-adapters.ts";
import { PGLITE_EXTENSIONS } from "@/server/db/pglite-extensions.ts";

/**
 * Migrated, empty databases that every test database of a test run starts from, so that a test
 * file does not pay for the database's creation and its migrations again:
 * - PGlite: a tarball of the migrated data directory (PGlite's dumpDataDir). A fresh in-memory
 *   PGlite runs initdb in wasm (4.7 s of CPU on the CI machine) before 1.1 s of migrations;
 *   one started from the tarball costs 0.6 s.
 * - Postgres: a migrated database that each test database is created from
 *   (CREATE DATABASE ... TEMPLATE), a file copy on the server.
 * Both are migrated from nothing, through the same schema engine as `npm run db:migrate`, once
 * per run (vitest's global setup: database-templates.global-setup.ts), so a broken migration
 * still fails every integration test.
 */
export interface TDatabaseTemplates {
  /** PGlite's migrated data directory, as an uncompressed tarball. */
  pgliteTarball: string;
  /** The migrated Postgres database on TEST_DATABASE_URL's server; null without TEST_DATABASE_URL. */
  postgresTemplate: string | null;
}

export async function buildDatabaseTemplates(postgresAdminUrl: string | null): Promise<TDatabaseTemplates> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-test-templates-"));
  const pgliteTarball = path.join(dir, "pglite-migrated.tar");
  const [, postgresTemplate] = await Promise.all([
    buildPGliteTemplate(pgliteTarball),
    postgresAdminUrl ? buildPostgresTemplate(postgresAdminUrl) : Promise.resolve(null),
  ]);
  return { pgliteTarball, postgresTemplate };
}

export async function dropDatabaseTemplates(templates: TDatabaseTemplates, postgresAdminUrl: string | null): Promise<void> {
  fs.rmSync(path.dirname(templates.pgliteTarball), { recursive: true, force: true });
  if (templates.postgresTemplate && postgresAdminUrl) await dropPostgresDatabase(postgresAdminUrl, templates.postgresTemplate);
}

async function buildPGliteTemplate(tarball: string): Promise<void> {
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS, startParams: PGLITE_START_PARAMS });
  try {
    await applyMigrations(pgliteMigrationAdapter(pglite));
    const dump = await pglite.dumpDataDir("none");
    fs.writeFileSync(tarball, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

async function buildPostgresTemplate(adminUrl: string): Promise<string> {
  const name = `plumbline_template_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, name), max: 2 });
  try {
    await applyMigrations(postgresMigrationAdapter(pool));
  } finally {
    await pool.end();
  }
  // No session may stay connected: CREATE DATABASE ... TEMPLATE refuses a template in use.
  await adminQuery(adminUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  return name;
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  return adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

// The templates of the current test run, when its setup built them (database-templates.setup.ts).
let current: TDatabaseTemplates | null = null;

export function installDatabaseTemplates(templates: TDatabaseTemplates | null): void {
  current = templates;
}

export function currentDatabaseTemplates(): TDatabaseTemplates | null {
  return current;
}
