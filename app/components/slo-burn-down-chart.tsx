"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TSloStatus } from "@/server/catalog/catalog.schemas.ts";
import type { TSloHistory, TSloHistoryRange } from "@/server/slo/slo.schemas.ts";
import { presentSloStatus } from "@/domain/slo/slo-status-vocabulary.ts";
import { fetchJson } from "./fetch-json.ts";
import { formatBudget, formatBurn, formatSli } from "./slo-format.ts";

const REFRESH_MS = 60_000;

interface ChartPoint {
  t: number;
  budget: number | null;
  status: TSloStatus | null;
  sli: number | null;
  burnRate1h: number | null;
}

/**
 * Error budget remaining over the SLO window (or the last 48 h / 6 h), from the status
 * snapshots the SLO worker writes each minute. Each point is the worst moment of its
 * bucket. Periods without snapshots (worker stopped) show as gaps, never as a line
 * drawn across them.
 */
export function SloBurnDownChart({ serviceSlug, sloName, windowDays }: { serviceSlug: string; sloName: string; windowDays: number }) {
  const [range, setRange] = useState<TSloHistoryRange>("window");
  const history = useQuery({
    queryKey: ["slo-history", serviceSlug, sloName, range],
    queryFn: ({ signal }) =>
      fetchJson<TSloHistory>(
        `/api/v1/services/${encodeURIComponent(serviceSlug)}/slos/${encodeURIComponent(sloName)}/history?range=${range}`,
        signal,
      ),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => (previous?.range === range ? previous : undefined),
  });
  const ranges: { value: TSloHistoryRange; label: string }[] = [
    { value: "window", label: `${windowDays} days` },
    { value: "48h", label: "48 hours" },
    { value: "6h", label: "6 hours" },
  ];

  return (
    <div className="slo-chart">
      <div className="slo-chart-header">
        <h4>Error budget remaining</h4>
        <div className="slo-segmented" role="group" aria-label="Chart range">
          {ranges.map((option) => (
            <button
              key={option.value}
              type="button"
              className="slo-segment"
              aria-pressed={range === option.value}
              onClick={() => setRange(option.value)}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      <ChartBody history={history.data} isLoading={history.isPending} error={history.error} />
    </div>
  );
}

function ChartBody({ history, isLoading, error }: { history: TSloHistory | undefined; isLoading: boolean; error: Error | null }) {
  if (error && !history) return <p className="slo-chart-empty slo-chart-error">Could not load the history: {error.message}</p>;
  if (isLoading || !history) return <span className="skeleton slo-chart-skeleton" role="status" aria-label="Loading the budget history" />;
  const points = withGaps(history);
  if (!points.some((point) => point.budget !== null)) {
    return (
      <p className="slo-chart-empty">
        No budget history in this range yet. The SLO worker records a snapshot every minute once telemetry arrives.
      </p>
    );
  }
  const from = Date.parse(history.from);
  const to = Date.parse(history.to);
  const budgets = points.flatMap((point) => (point.budget === null ? [] : [point.budget]));
  const low = Math.min(0, ...budgets);
  const high = Math.max(100, ...budgets);
  const spanMs = to - from;
  return (
    <div className="slo-chart-plot" role="img" aria-label={`Error budget remaining, ${history.points.length} points`}>
      <ResponsiveContainer width="100%" height={180}>
        <AreaChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="slo-budget-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#4f46e5" stopOpacity={0.22} />
              <stop offset="100%" stopColor="#4f46e5" stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid stroke="#e4e7ec" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            tickFormatter={(t: number) => formatTick(t, spanMs)}
            tick={{ fontSize: 11, fill: "#667085" }}
            stroke="#d0d5dd"
            minTickGap={28}
          />
          <YAxis
            domain={[Math.floor(low / 10) * 10, Math.ceil(high / 10) * 10]}
            tickFormatter={(value: number) => `${value}%`}
            tick={{ fontSize: 11, fill: "#667085" }}
            stroke="#d0d5dd"
            width={44}
          />
          <ReferenceLine y={0} stroke="#b42318" strokeDasharray="4 3" label={{ value: "exhausted", position: "insideBottomRight", fontSize: 10, fill: "#b42318" }} />
          <Tooltip content={<BudgetTooltip bucketMinutes={history.bucketMinutes} />} />
          <Area
            type="linear"
            dataKey="budget"
            stroke="#4f46e5"
            strokeWidth={1.75}
            fill="url(#slo-budget-fill)"
            connectNulls={false}
            isAnimationActive={false}
            dot={false}
            activeDot={{ r: 3 }}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

function BudgetTooltip({ active, payload, bucketMinutes }: { active?: boolean; payload?: readonly { payload?: ChartPoint }[]; bucketMinutes: number }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point || point.status === null) return null;
  const when = new Date(point.t).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="slo-tooltip">
      <div className="slo-tooltip-time">
        {when}
        {bucketMinutes > 1 ? <span className="muted"> · worst of {bucketMinutes >= 60 ? "the hour" : `${bucketMinutes} min`}</span> : null}
      </div>
      <div>
        <span className={`badge badge-${point.status}`}>{presentSloStatus(point.status).label}</span>
      </div>
      <dl>
        <dt>Budget left</dt>
        <dd>{point.budget === null ? "—" : formatBudget(point.budget / 100)}</dd>
        <dt>SLI</dt>
        <dd>{formatSli(point.sli)}</dd>
        <dt>Burn 1 h</dt>
        <dd>{formatBurn(point.burnRate1h)}</dd>
      </dl>
    </div>
  );
}

/** Chart points in percent, with an empty point wherever snapshots are missing for more than two buckets. */
function withGaps(history: TSloHistory): ChartPoint[] {
  const bucketMs = history.bucketMinutes * 60_000;
  const points: ChartPoint[] = [];
  let previous: number | null = null;
  for (const point of history.points) {
    const t = Date.parse(point.at);
    if (previous !== null && t - previous > 2 * bucketMs) {
      points.push({ t: previous + bucketMs, budget: null, status: null, sli: null, burnRate1h: null });
    }
    points.push({
      t,
      budget: point.budgetRemaining === null ? null : Number((point.budgetRemaining * 100).toFixed(3)),
      status: point.status,
      sli: point.sli,
      burnRate1h: point.burnRate1h,
    });
    previous = t;
  }
  return points;
}

function formatTick(t: number, spanMs: number): string {
  const date = new Date(t);
  if (spanMs > 3 * 24 * 3_600_000) return date.toLocaleDateString("en-GB", { day: "numeric", month: "short" });
  return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}
