import { formatDurationMs } from "@/domain/time/duration.ts";
import type { TReportingStats } from "@/server/incidents/get-reporting-stats.ts";

const TREND_TEXT = { rising: "Rising — good: people report more", steady: "Steady", falling: "Falling — fewer reports; is something going unreported?" } as const;

/** Reports per week (rising is good), time to first learning, open action items: for the organization or a team. */
export function ReportingStatsCard({ stats, title }: { stats: TReportingStats; title: string }) {
  const max = Math.max(1, ...stats.weeks.map((week) => week.count));
  return (
    <div className="card-body" data-testid={stats.scope.kind === "team" ? `stats-${stats.scope.slug}` : "stats-organization"}>
      <h3 className="card-title">{title}</h3>
      <div className="report-weeks" role="img" aria-label={`Reports per week, last ${stats.weeks.length} weeks: ${stats.weeks.map((week) => week.count).join(", ")}`}>
        {stats.weeks.map((week) => (
          <span
            key={week.weekStart}
            className={`report-week${week.count === 0 ? " report-week-empty" : ""}`}
            style={{ height: `${Math.max(4, (week.count / max) * 100)}%` }}
            title={`Week of ${week.weekStart}: ${week.count} report${week.count === 1 ? "" : "s"}`}
          />
        ))}
      </div>
      <p className={`report-trend-${stats.trend}`} style={{ margin: "0 0 6px" }}>
        {TREND_TEXT[stats.trend]}
      </p>
      <div className="incident-meta">
        <span>
          {stats.reports} report{stats.reports === 1 ? "" : "s"} in {stats.weeks.length} weeks ({stats.nearMisses} near miss{stats.nearMisses === 1 ? "" : "es"})
        </span>
        <span>{stats.medianTimeToLearningMs === null ? "no learning yet" : `median ${formatDurationMs(stats.medianTimeToLearningMs)} to the first learning`}</span>
        <span>
          {stats.openActionItems} open action item{stats.openActionItems === 1 ? "" : "s"}
          {stats.overdueActionItems > 0 ? `, ${stats.overdueActionItems} overdue` : ""}
        </span>
      </div>
    </div>
  );
}
