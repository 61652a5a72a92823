/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite ships its own wasm and must be loaded from node_modules at run time,
  // as must Prisma's query compiler and the schema engine.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "pg",
    "pino",
    // Bolt (and the Slack SDK under it) run as plain Node modules: bundling them gains nothing.
    "@slack/bolt",
    "@slack/web-api",
    "@slack/socket-mode",
    // pg-boss: route handlers enqueue outbox jobs through the process's one instance (server/jobs/job-queue.ts).
    "pg-boss",
  ],
  typedRoutes: false,
};

export default nextConfig;
