import { medianTimeToLearning, reportsPerWeek, reportTrend, type TReportTrend, type TWeekCount } from "@/domain/incidents/report-stats.ts";
import { findTeamBySlug } from "./incidents.repository.ts";
import { countOpenActionItems, findOpenActionItemTeams, findReportFacts, findReportFactsWithTeams, findTeams, type TReportFact } from "./incidents-insights.repository.ts";

export const STATS_WEEKS = 12;

export interface TReportingStats {
  scope: { kind: "organization" } | { kind: "team"; slug: string; name: string };
  weeks: TWeekCount[];
  /** Rising is good: people report more, SEV3s and near misses included. */
  trend: TReportTrend;
  reports: number;
  nearMisses: number;
  /** Median time from an incident's start to its published learning, ms; null when none has one. */
  medianTimeToLearningMs: number | null;
  withLearning: number;
  openActionItems: number;
  overdueActionItems: number;
}

/** Reports filed per week (the last 12), time to first learning and open action items, for the organization or one team. */
export async function getReportingStats(organizationId: string, teamSlug: string | null, now: Date): Promise<TReportingStats | null> {
  let team: { id: string; slug: string; name: string } | null = null;
  if (teamSlug !== null) {
    team = await findTeamBySlug(organizationId, teamSlug);
    if (!team) return null;
  }
  const [facts, items] = await Promise.all([findReportFacts(organizationId, statsSince(now), team?.id ?? null), countOpenActionItems(organizationId, team?.id ?? null, now)]);
  return summarize(team ? { kind: "team", slug: team.slug, name: team.name } : { kind: "organization" }, facts, items, now);
}

function statsSince(now: Date): Date {
  return new Date(now.getTime() - STATS_WEEKS * 7 * 86_400_000 - 7 * 86_400_000);
}

function summarize(scope: TReportingStats["scope"], facts: readonly TReportFact[], items: { open: number; overdue: number }, now: Date): TReportingStats {
  const weeks = reportsPerWeek(
    // By when it happened (a near miss is often reported days later; it belongs to its week).
    facts.map((fact) => fact.startedAt),
    now,
    STATS_WEEKS,
  );
  return {
    scope,
    weeks,
    trend: reportTrend(weeks),
    reports: weeks.reduce((sum, week) => sum + week.count, 0),
    nearMisses: facts.filter((fact) => fact.kind === "near_miss").length,
    medianTimeToLearningMs: medianTimeToLearning(facts.map((fact) => ({ startedAt: fact.startedAt, learnedAt: fact.learnedAt }))),
    withLearning: facts.filter((fact) => fact.learnedAt !== null).length,
    openActionItems: items.open,
    overdueActionItems: items.overdue,
  };
}

/** The same for every team (those with at least one report or open item), most reports first. */
// Three queries whatever the number of teams: one per team (four each) made /learnings issue
// 400 queries at 100 teams and hold the event loop ~0.3 s of CPU per render.
export async function getTeamReportingStats(organizationId: string, now: Date): Promise<TReportingStats[]> {
  const [teams, facts, items] = await Promise.all([findTeams(organizationId), findReportFactsWithTeams(organizationId, statsSince(now)), findOpenActionItemTeams(organizationId, now)]);
  const stats = teams.map((team) =>
    summarize(
      { kind: "team", slug: team.slug, name: team.name },
      facts.filter((fact) => fact.teamIds.includes(team.id)),
      {
        open: items.filter((item) => item.teamId === team.id).length,
        overdue: items.filter((item) => item.teamId === team.id && item.isOverdue).length,
      },
      now,
    ),
  );
  return stats.filter((entry) => entry.reports > 0 || entry.openActionItems > 0).sort((a, b) => b.reports - a.reports);
}
