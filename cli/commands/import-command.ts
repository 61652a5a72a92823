import { getConfig } from "@/server/config/get-config.ts";
import path from "node:path";
import { formatCatalogProblem } from "@/domain/catalog/format-catalog-problem.ts";
import { formatImportAccounting } from "@/domain/catalog/format-import-accounting.ts";
import type { TImportResult } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources, type TCatalogSource } from "@/server/catalog/read-catalog-sources.ts";
import { parseFlags } from "./parse-flags.ts";

export async function runImportCommand(args: readonly string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ["url"]);
  const target = positional[0];
  if (!target) {
    console.error("usage: plumbline import <file|dir> [--url URL]");
    return 1;
  }
  const sources = readCatalogSources(target);
  const relative = path.relative(process.cwd(), path.resolve(target));
  const origin = !relative ? "." : relative.startsWith("..") ? path.resolve(target) : relative;
  const url = String(flags.get("url") ?? getConfig().cli.url);
  console.log(`Importing ${sources.length} file(s) from ${origin}…`);

  const viaServer = await importThroughServer(url, sources, origin, flags.has("url"));
  const result = viaServer ?? (await importDirectly(sources, origin));
  return report(result);
}

/** The embedded database can be opened by one process only, so prefer the running server. */
async function importThroughServer(
  url: string,
  sources: TCatalogSource[],
  origin: string,
  required: boolean,
): Promise<TImportResult | null> {
  let response: Response;
  try {
    response = await fetch(new URL("/api/v1/catalog/imports", url), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...authorization(),
      },
      body: JSON.stringify({ origin, files: sources }),
    });
  } catch {
    if (required) throw new Error(`No Plumbline server answers at ${url}.`);
    return null;
  }
  const body = (await response.json()) as TImportResult | { title: string; detail: string };
  if (!response.ok) {
    const problem = body as { title: string; detail: string };
    throw new Error(`${problem.title}: ${problem.detail}`);
  }
  console.log(`(through the server at ${url})`);
  return body as TImportResult;
}

async function importDirectly(sources: TCatalogSource[], origin: string): Promise<TImportResult> {
  const { closeDb } = await import("@/server/db/client.ts");
  const { ensureMigrated } = await import("@/server/db/ensure-migrated.ts");
  const { ensureDefaultOrganization } = await import("@/server/identity/default-organization.ts");
  const { importCatalog } = await import("@/server/catalog/import-catalog.ts");
  try {
    await ensureMigrated();
    const org = await ensureDefaultOrganization();
    console.log(`(directly into the database of organization "${org.name}")`);
    return await importCatalog(org.id, sources, origin);
  } finally {
    await closeDb();
  }
}

function report(result: TImportResult): number {
  const c = result.counts;
  console.log(
    `Imported ${c.services} services, ${c.teams} teams, ${c.people} people, ${c.systems} systems, ${c.entries} APIs/resources/domains, ${c.declaredEdges} declared dependencies, ${result.slos.slos} SLOs.`,
  );
  if (result.slos.removed > 0) console.log(`Removed ${result.slos.removed} SLOs the catalog no longer declares.`);
  if (result.pruned && (c.removed.services || c.removed.declaredEdges || c.removed.memberships || c.removed.entries)) {
    console.log(
      `Removed what the catalog no longer declares: ${c.removed.services} services, ${c.removed.declaredEdges} dependencies, ${c.removed.memberships} memberships, ${c.removed.entries} APIs/resources/domains.`,
    );
  }
  for (const problem of result.problems) {
    console.log(`${problem.severity === "error" ? "ERROR" : "warning"}: ${formatCatalogProblem(problem)}`);
  }
  // An older server answers without the accounting.
  if (result.accounting !== undefined) {
    console.log(`\n${result.accounting.documentsRead} document(s) read:`);
    for (const line of formatImportAccounting(result.accounting)) console.log(`  ${line}`);
  }
  if (result.errorCount > 0) {
    console.log(
      `${result.errorCount} document(s) had errors and were skipped; the rest imported. Nothing was removed because the import had errors.`,
    );
    return 4;
  }
  return 0;
}

/** PLUMBLINE_TOKEN as a bearer header, when set. */
function authorization(): { authorization?: string } {
  const { token } = getConfig().cli;
  return token ? { authorization: `Bearer ${token}` } : {};
}
