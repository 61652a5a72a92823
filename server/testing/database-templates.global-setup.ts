import type { TestProject } from "vitest/node";
import { getConfig } from "@/server/config/get-config.ts";
import { buildDatabaseTemplates, dropDatabaseTemplates, type TDatabaseTemplates } from "@/server/testing/database-templates.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplates: TDatabaseTemplates;
  }
}

/** vitest's global setup of the integration tests: builds the run's migrated databases once (database-templates.ts). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = getConfig().testing.databaseUrl;
  const templates = await buildDatabaseTemplates(adminUrl);
  project.provide("databaseTemplates", templates);
  return () => dropDatabaseTemplates(templates, adminUrl);
}
