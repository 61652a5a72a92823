// npm run db:migrate: applies prisma/migrations to the configured database
// (DATABASE_URL, or the embedded PGlite), like `prisma migrate deploy`, under the
// migration lock. Same as `plumbline migrate` (cli/commands/migrate-command.ts).
import { runMigrateCommand } from "@/cli/commands/migrate-command.ts";

const code = await runMigrateCommand(process.argv.slice(2));
// The wasm schema engine keeps a timer alive for ~10 s after it is freed.
process.exit(code);
