import path from "node:path";
import { getConfig } from "@/server/config/get-config.ts";
import { formatCatalogProblem } from "@/domain/catalog/format-catalog-problem.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { seedDemoIncidents } from "@/server/incidents/seed-demo-incidents.ts";
import { renameOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { countServices } from "./catalog-write.repository.ts";
import { importCatalog } from "./import-catalog.ts";
import { readCatalogSources } from "./read-catalog-sources.ts";

export const EXAMPLE_CATALOG_DIR = path.join(process.cwd(), "catalog", "example");
const DEMO_ORG_NAME = "Acme Shop (demo)";

/**
 * PLUMBLINE_CATALOG set: import it on every start (it is the declared source of truth).
 * Otherwise, on the very first start, import the example catalog so a newcomer sees a
 * living catalog instead of an empty page.
 */
export async function seedCatalogOnStart(log: (line: string) => void): Promise<void> {
  const org = await ensureDefaultOrganization();
  const configured = getConfig().catalog.path;
  if (!configured && (await countServices(org.id)) > 0) return;

  const target = configured || EXAMPLE_CATALOG_DIR;
  const sources = readCatalogSources(target);
  const result = await importCatalog(org.id, sources, path.relative(process.cwd(), target) || target);
  if (!configured) await renameOrganization(org.id, DEMO_ORG_NAME);
  const c = result.counts;
  log(`catalog: ${c.services} services, ${c.teams} teams, ${c.declaredEdges} dependencies from ${target}`);
  for (const problem of result.problems) log(`${problem.severity}: ${formatCatalogProblem(problem)}`);
  // The example catalog's past incidents and learnings, so /incidents and /learnings are alive on first start.
  if (!configured) await seedDemoIncidents(org.id, log).catch((error: unknown) => log(`incidents: demo incidents not seeded (${error instanceof Error ? error.message : String(error)})`));
}
