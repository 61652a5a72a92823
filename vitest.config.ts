import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
const exclude = ["node_modules/**", ".next/**", "e2e/**", ".plumbline/**"];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [...exclude, "**/*.integration.test.ts"],
          environment: "node",
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude,
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Migrates a PGlite and a Postgres database once per run; each test database is a copy.
          globalSetup: ["server/testing/database-templates.global-setup.ts"],
          setupFiles: ["server/testing/database-templates.setup.ts"],
          // Each file opens its own databases; two cores do not gain from more.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
