// npm run db:migrate:new <name>: writes the SQL that takes the existing migrations to
// prisma/schema.prisma as a new migration directory (prisma migrate dev --create-only).
import { diffMigrationsToSchema, writeMigration } from "@/server/db/migrations.ts";

const name = process.argv[2];
if (!name) {
  console.error("usage: npm run db:migrate:new <name>   (e.g. add_cluster_labels)");
  process.exit(1);
}
const started = Date.now();
const sql = await diffMigrationsToSchema();
if (!sql.trim()) {
  console.log("prisma/schema.prisma and prisma/migrations already agree: no migration written.");
  process.exit(0);
}
const dir = writeMigration(name, sql);
console.log(`Wrote ${dir}/migration.sql (${sql.split("\n").length} lines, ${Date.now() - started} ms). Review it, then commit it.`);
process.exit(0);
