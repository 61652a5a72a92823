import fs from "node:fs";
import path from "node:path";

/**
 * The names of the migrations this release ships (prisma/migrations/<name>/), read at
 * run time from the working directory, as the migrate command does. The ignore comment
 * keeps Next from tracing the folder into its bundles: the readiness route only lists it.
 */
export function shippedMigrationNames(migrationsDir = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations")): string[] {
  if (!fs.existsSync(migrationsDir)) return [];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
