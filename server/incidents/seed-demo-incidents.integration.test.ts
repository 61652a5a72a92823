import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { getServiceGraph } from "@/server/graph/get-service-graph.ts";
import { ZServiceGraphQuery } from "@/server/graph/graph.schemas.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { getReportingStats, getTeamReportingStats } from "./get-reporting-stats.ts";
import { findTeams } from "./incidents-insights.repository.ts";
import { listIncidents } from "./list-incidents.ts";
import { listLearnings, listMostReadThisMonth } from "./list-learnings.ts";
import { seedDemoIncidents } from "./seed-demo-incidents.ts";

// The example catalog's past incidents: seeded once, alive on /incidents, /learnings and the graph.

describe.each(TEST_DATABASE_KINDS)("demo incidents on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: string;
  const now = new Date("2026-03-20T12:00:00.000Z");

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = (await upsertOrganization("demo-incidents", "Demo")).id;
    await importCatalog(org, readCatalogSources(EXAMPLE_CATALOG_DIR), "example");
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("seeds a few past incidents with learnings once, and shows them everywhere", async () => {
    const lines: string[] = [];
    await seedDemoIncidents(org, (line) => lines.push(line), now);
    await seedDemoIncidents(org, (line) => lines.push(line), now);
    expect(lines).toEqual(["incidents: 5 past incidents and near misses with their learnings (demo)"]);

    const incidents = await listIncidents(org, { limit: 50 });
    expect(incidents).toHaveLength(5);
    expect(incidents.filter((incident) => incident.status === "open").map((incident) => incident.title)).toEqual(["Recommendations are slow on the home page"]);
    const learnings = await listLearnings(org, { limit: 50 });
    expect(learnings.map((learning) => learning.learning)).toEqual([
      "The indexer needs a freshness alert, not only an error alert.",
      "Migrations need a lock timeout.",
      "A config change needs the same canary as a code change.",
    ]);
    const mostRead = await listMostReadThisMonth(org, now);
    expect(mostRead[0]).toMatchObject({ learning: "A config change needs the same canary as a code change.", readsThisMonth: 14 });

    const stats = await getReportingStats(org, null, now);
    expect(stats).toMatchObject({ reports: 5, nearMisses: 2, withLearning: 3, openActionItems: 3 });

    // Every team's stats in three queries are each team's own stats (teams with nothing to show left out, most reports first).
    const perTeam = await Promise.all((await findTeams(org)).map((team) => getReportingStats(org, team.slug, now)));
    const expected = perTeam.filter((entry) => entry !== null && (entry.reports > 0 || entry.openActionItems > 0)).sort((a, b) => (b?.reports ?? 0) - (a?.reports ?? 0));
    const teamStats = await getTeamReportingStats(org, now);
    expect(teamStats.length).toBeGreaterThan(1);
    expect(teamStats.some((entry) => entry.openActionItems > 0)).toBe(true);
    expect(teamStats).toEqual(expected);

    const graph = await getServiceGraph(org, ZServiceGraphQuery.parse({}), now);
    expect(graph?.nodes.find((node) => node.slug === "recommendations")?.openIncidents).toBe(1);
    expect(graph?.nodes.find((node) => node.slug === "checkout")?.openIncidents).toBeUndefined();
  });
});
