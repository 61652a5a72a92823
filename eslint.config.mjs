import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// One import style: "@/…" from the repository root, "./…" within a folder.
const parentImports = { group: ["../*", "./../*"], message: "Import with @/… (or ./… within the same folder)." };

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".plumbline/**",
      "server/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "e2e/output/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import/no-anonymous-default-export": "off",
      "no-restricted-imports": ["error", { patterns: [parentImports] }],
      // One configuration module: every variable is declared, validated and typed there.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through getConfig() from @/server/config/get-config.ts (declare new variables in server/config/config-variables.ts)." },
      ],
    },
  },
  {
    // The domain folder is pure: no framework, database, network or environment.
    files: ["domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "react", "@prisma/*", "pg", "@electric-sql/*", "node:*", "fs", "http", "https"], message: "domain/ is pure: no framework, database or I/O imports." },
            { group: ["**/server/**", "**/app/**", "**/integrations/**", "**/workers/**", "@/server/*", "@/app/*", "@/integrations/*", "@/workers/*"], message: "domain/ must not depend on outer layers." },
            parentImports,
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "domain/ reads no environment; pass values in." }, { name: "fetch", message: "domain/ does no I/O." }],
    },
  },
  {
    files: ["domain/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [parentImports] }], "no-restricted-globals": "off" },
  },
  {
    // Only repositories (and the db layer itself, and tests) may touch the Prisma client.
    files: ["app/**/*.{ts,tsx}", "workers/**/*.ts", "integrations/**/*.ts", "cli/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/db/generated/**", "@prisma/client", "@prisma/client/*"], message: "Go through a server/**/*.repository.ts function." }, parentImports] },
      ],
    },
  },
  {
    // Allowed to read process.env (server/config/README.md): the configuration module
    // itself, and tools configured before or outside Plumbline: Prisma's CLI
    // (prisma.config.ts), Playwright's runner and its specs, and the benches' own knobs.
    files: ["server/config/**/*.ts", "prisma.config.ts", "playwright.config.ts", "e2e/**/*.ts", "bench/**/*.ts"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
