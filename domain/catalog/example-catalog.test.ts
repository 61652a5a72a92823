import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCatalogSnapshot } from "./build-catalog-snapshot.ts";
import { formatCatalogProblem } from "./format-catalog-problem.ts";
import { parseCatalogFile } from "./parse-catalog-file.ts";

const EXAMPLE_DIR = path.resolve(import.meta.dirname, "../../catalog/example");

/** The demo catalog is the first thing a new user sees: it must import cleanly and look like a real company. */
describe("catalog/example", () => {
  const files = fs
    .readdirSync(EXAMPLE_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  const parsed = files.map((name) => parseCatalogFile(`catalog/example/${name}`, fs.readFileSync(path.join(EXAMPLE_DIR, name), "utf8")));
  const { snapshot, problems: buildProblems } = buildCatalogSnapshot(parsed.flatMap((result) => result.entities));
  const problems = [...parsed.flatMap((result) => result.problems), ...buildProblems];

  it("imports without errors (or warnings)", () => {
    expect(problems.map(formatCatalogProblem)).toEqual([]);
  });

  it("is big enough to demo: >= 24 services, >= 6 teams, >= 35 declared edges", () => {
    expect(snapshot.services.length).toBeGreaterThanOrEqual(24);
    expect(snapshot.teams.length).toBeGreaterThanOrEqual(6);
    expect(snapshot.declaredEdges.length).toBeGreaterThanOrEqual(35);
  });

  it("gives every team a Slack channel, owners and 2-4 people", () => {
    const teamsWithServices = snapshot.teams.filter((team) => snapshot.services.some((service) => service.ownerTeamSlug === team.slug));
    expect(teamsWithServices.length).toBeGreaterThanOrEqual(6);
    for (const team of teamsWithServices) {
      const members = snapshot.memberships.filter((membership) => membership.teamSlug === team.slug);
      expect(team.slackChannel, team.slug).toMatch(/^#team-/);
      expect(members.some((membership) => membership.role === "owner"), team.slug).toBe(true);
      expect(members.length, team.slug).toBeGreaterThanOrEqual(2);
      expect(members.length, team.slug).toBeLessThanOrEqual(4);
    }
  });

  it("covers tiers 1-3 and gives every service a repo, a runbook and links", () => {
    expect(new Set(snapshot.services.map((service) => service.tier))).toEqual(new Set([1, 2, 3]));
    for (const service of snapshot.services) {
      expect(service.repoUrl, service.slug).toBe(`https://github.com/acme/${service.slug}`);
      expect(service.runbookUrl, service.slug).not.toBeNull();
      expect(service.links.length, service.slug).toBeGreaterThanOrEqual(2);
      expect(service.systemSlug, service.slug).not.toBeNull();
    }
  });

  it("has shared services with fan-in and no dependency cycle", () => {
    const callers = (slug: string) => snapshot.declaredEdges.filter((edge) => edge.calleeSlug === slug).length;
    expect(callers("auth")).toBeGreaterThanOrEqual(4);
    expect(callers("feature-flags")).toBeGreaterThanOrEqual(4);
    expect(findCycle(snapshot.declaredEdges)).toBeNull();
  });
});

/** A cycle as a list of slugs, or null: a DAG keeps the demo's blast-radius views readable. */
function findCycle(edges: readonly { callerSlug: string; calleeSlug: string }[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.callerSlug, [...(next.get(edge.callerSlug) ?? []), edge.calleeSlug]);
  const state = new Map<string, "visiting" | "done">();
  const visit = (slug: string, trail: string[]): string[] | null => {
    if (state.get(slug) === "done") return null;
    if (state.get(slug) === "visiting") return [...trail, slug];
    state.set(slug, "visiting");
    for (const callee of next.get(slug) ?? []) {
      const cycle = visit(callee, [...trail, slug]);
      if (cycle !== null) return cycle;
    }
    state.set(slug, "done");
    return null;
  };
  for (const slug of next.keys()) {
    const cycle = visit(slug, []);
    if (cycle !== null) return cycle;
  }
  return null;
}
