// Backstage import at scale: 10,000 Components in 200 Groups, each with 10 `dependsOn`
// (100,000 declared edges), imported through server/catalog/import-catalog.ts as the CLI
// and the seed do; then the same catalog again (unchanged re-import: nothing to write).
//
//   node --import tsx bench/catalog-import.bench.ts [components]               # embedded PGlite (in memory)
//   BENCH_DATABASE_URL=postgres://… node --import tsx bench/catalog-import.bench.ts   # a scratch Postgres database
//
// Migrations run in a child process (bench/migrate-in-child-process.ts). Targets (issue 16):
// import < 60 s, unchanged re-import < 20 s.
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { closeHandle, setDbHandle } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import type { TCatalogSource } from "@/server/catalog/read-catalog-sources.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { openCountedHandle } from "./statement-log.ts";

const COMPONENTS = Number(process.argv[2] ?? 10_000);
const GROUPS = 200;
const DEPENDS_ON = 10;
const FILES = 20;

/** Backstage descriptor YAML (https://backstage.io/docs/features/software-catalog/descriptor-format), split over files. */
export function syntheticCatalog(components: number): TCatalogSource[] {
  const name = (i: number) => `svc-${String(i).padStart(5, "0")}`;
  const groups = Array.from({ length: GROUPS }, (_, g) =>
    ["apiVersion: backstage.io/v1alpha1", "kind: Group", "metadata:", `  name: team-${g}`, "spec:", "  type: team", "  children: []"].join("\n"),
  );
  const docs: string[][] = Array.from({ length: FILES }, () => []);
  for (let i = 0; i < components; i += 1) {
    const deps = new Set<number>();
    for (let k = 1; deps.size < Math.min(DEPENDS_ON, components - 1); k += 1) deps.add((i + k * 97) % components === i ? (i + 1) % components : (i + k * 97) % components);
    docs[i % FILES]?.push(
      [
        "apiVersion: backstage.io/v1alpha1",
        "kind: Component",
        "metadata:",
        `  name: ${name(i)}`,
        `  description: Synthetic service ${i}`,
        "  tags: [bench]",
        "spec:",
        "  type: service",
        "  lifecycle: production",
        `  owner: group:team-${i % GROUPS}`,
        "  dependsOn:",
        ...[...deps].map((d) => `    - component:${name(d)}`),
      ].join("\n"),
    );
  }
  return [
    { file: "groups.yaml", text: groups.join("\n---\n") },
    ...docs.map((list, f) => ({ file: `components-${f}.yaml`, text: list.join("\n---\n") })),
  ];
}

async function main(): Promise<void> {
  const { handle, statements } = await openCountedHandle(process.env.BENCH_DATABASE_URL);
  setDbHandle(handle);
  const database = handle.config.kind;
  const rows: TBenchRow[] = [];
  try {
    const org = await upsertOrganization(`bench-import-${Date.now()}`, "Import bench");
    const sources = syntheticCatalog(COMPONENTS);
    console.log(`catalog import bench on ${database}: ${COMPONENTS} components × ${DEPENDS_ON} dependsOn in ${GROUPS} groups, ${sources.length} files`);
    // Every component's description edited: the changed set is the whole catalog (bulk updates, not one per service).
    const edited = sources.map((source) => ({ ...source, text: source.text.replaceAll("description: Synthetic service", "description: Edited synthetic service") }));
    for (const [label, target, catalog] of [
      [`catalog import, ${COMPONENTS.toLocaleString("en-US")} components × ${DEPENDS_ON} dependsOn`, 60, sources],
      ["catalog re-import, unchanged", 20, sources],
      ["catalog re-import, every component's description edited", null, edited],
    ] as const) {
      statements.reset();
      // How long the import held the event loop at a stretch: requests (the gate) wait that long behind it.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const result = await importCatalog(org.id, catalog, "bench");
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      loopDelay.disable();
      const longestBlockMs = loopDelay.max / 1e6;
      const sql = statements.snapshot();
      console.log(`${label}: ${sql.statements} statements, ${(sql.databaseMs / 1000).toFixed(1)} s in the database; slowest shapes:\n  ${sql.top.join("\n  ")}`);
      const { imported, updated, unchanged } = result.accounting.kinds.reduce(
        (sum, kind) => ({ imported: sum.imported + kind.imported, updated: sum.updated + kind.updated, unchanged: sum.unchanged + kind.unchanged }),
        { imported: 0, updated: 0, unchanged: 0 },
      );
      rows.push(
        benchRow({
          what: label,
          database,
          value: seconds,
          unit: "s",
          ...(target === null ? {} : { target: { op: "<" as const, value: target } }),
          note: `longest event-loop block ${longestBlockMs.toFixed(0)} ms; ${sql.statements} statements (${(sql.databaseMs / 1000).toFixed(1)} s of database time); CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (with PGlite that includes the database), load average ${os.loadavg()[0]?.toFixed(1)}; ${result.counts.services} services, ${result.counts.declaredEdges} edges; documents imported ${imported}, updated ${updated}, unchanged ${unchanged}; ${result.errorCount} errors; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
        }),
      );
    }
    if (database === "postgres") await handle.prisma.organization.delete({ where: { id: org.id } });
  } finally {
    await closeHandle(handle);
  }
  printSummaryTable("catalog import", rows);
}

if (process.argv[1] === import.meta.filename) {
  await main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
