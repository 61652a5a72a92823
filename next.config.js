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
    // Libraries the server bundle (dist/, the workers and the start) loads from node_modules
    // anyway: bundled, each route chunk group carried its own copy, and the one-process install
    // kept them all for good (a heap snapshot at 10,000 services after every page: zod 4, undici
    // 3.6 — its chunk loaded twice under two names —, kysely 1.5, prom-client 1.4 MB of code and
    // sources beside the node_modules copies; server/diagnostics/README.md, "What the live heap is").
    "zod",
    "undici",
    "yaml",
    "prom-client",
    "kysely",
  ],
  typedRoutes: false,
  // Pages get these from proxy.ts (with their CSP); API answers and assets get them here.
  // Same values as BASELINE_SECURITY_HEADERS (server/http/security-headers.ts); a unit test keeps them equal.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "x-content-type-options", value: "nosniff" },
          { key: "x-frame-options", value: "DENY" },
          { key: "referrer-policy", value: "strict-origin-when-cross-origin" },
          { key: "permissions-policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
