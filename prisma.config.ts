import { defineConfig } from "prisma/config";

// Prisma's CLI would download a native schema engine on every command, which fails
// offline. `prisma generate` needs no engine; migrations go through the wasm engine
// (scripts/db/), so point the CLI at a binary that is never run.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
