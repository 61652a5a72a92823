"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type ReactElement } from "react";
import { Area, AreaChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { presentSloStatus } from "@/domain/slo/slo-status-vocabulary.ts";
import type { TSloStatus } from "@/server/catalog/catalog.schemas.ts";
import type { TSloHistory, TSloHistoryAlert, TSloHistoryPoint, TSloHistoryRange } from "@/server/slo/slo.schemas.ts";
import { fetchJson } from "./fetch-json.ts";
import { formatBudget, formatBurn, formatSli } from "./slo-format.ts";

const REFRESH_MS = 60_000;
const WINDOW_LABELS: Record<string, string> = { "5m": "5 min", "30m": "30 min", "1h": "1 h", "2h": "2 h", "6h": "6 h", "1d": "1 day", "3d": "3 days" };
const AXIS = { tick: { fontSize: 11, fill: "#667085" }, stroke: "#d0d5dd" } as const;
const LINE = "#4f46e5";
const SHORT_LINE = "#98a2b3";
const LIMIT = "#b42318";

type TView = "budget" | "sli" | "burn";

interface ChartPoint {
  t: number;
  /** Percent, as drawn. */
  budget: number | null;
  sli: number | null;
  status: TSloStatus | null;
  burnRates: Record<string, number | null>;
  /** The SLO's latest evaluation: exactly what its card shows. */
  isCurrent: boolean;
}

/**
 * The SLO's history over its window (or the last 48 h / 6 h) from the status snapshots:
 * error budget remaining (burn-down), the SLI against the objective, and the burn rate of
 * each burn-rate alert's two windows against its threshold. Each point is the worst moment
 * of its bucket; the last point is the SLO's latest evaluation, so hovering it reads the
 * card's figures. Periods without snapshots show as gaps, never as a line drawn across.
 */
export function SloBurnDownChart({ serviceSlug, sloName, windowDays }: { serviceSlug: string; sloName: string; windowDays: number }) {
  const [range, setRange] = useState<TSloHistoryRange>("window");
  const [view, setView] = useState<TView>("budget");
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
  const views: { value: TView; label: string }[] = [
    { value: "budget", label: "Error budget" },
    { value: "sli", label: "SLI" },
    { value: "burn", label: "Burn rate" },
  ];

  return (
    <div className="slo-chart" data-testid="slo-chart">
      <div className="slo-chart-header">
        <div className="slo-segmented" role="group" aria-label="Chart">
          {views.map((option) => (
            <button key={option.value} type="button" className="slo-segment" aria-pressed={view === option.value} onClick={() => setView(option.value)}>
              {option.label}
            </button>
          ))}
        </div>
        <div className="slo-segmented" role="group" aria-label="Chart range">
          {ranges.map((option) => (
            <button key={option.value} type="button" className="slo-segment" aria-pressed={range === option.value} onClick={() => setRange(option.value)}>
              {option.label}
            </button>
          ))}
        </div>
      </div>
      <ChartBody history={history.data} isLoading={history.isPending} error={history.error} view={view} />
    </div>
  );
}

function ChartBody({ history, isLoading, error, view }: { history: TSloHistory | undefined; isLoading: boolean; error: Error | null; view: TView }) {
  if (error && !history) return <p className="slo-chart-empty slo-chart-error">Could not load the history: {error.message}</p>;
  if (isLoading || !history) return <span className="skeleton slo-chart-skeleton" role="status" aria-label="Loading the SLO history" />;
  const points = withGaps(history);
  if (!points.some((point) => point.budget !== null || point.sli !== null)) {
    return (
      <p className="slo-chart-empty">
        No history in this range yet. The SLO worker records a snapshot every minute once telemetry arrives.
      </p>
    );
  }
  const domain: [number, number] = [Date.parse(history.from), Date.parse(history.to)];
  if (view === "sli") return <SliChart points={points} history={history} domain={domain} />;
  if (view === "burn") return <BurnRateCharts points={points} history={history} domain={domain} />;
  return <BudgetChart points={points} history={history} domain={domain} />;
}

function BudgetChart({ points, history, domain }: { points: ChartPoint[]; history: TSloHistory; domain: [number, number] }) {
  const budgets = points.flatMap((point) => (point.budget === null ? [] : [point.budget]));
  const low = Math.min(0, ...budgets);
  const high = Math.max(100, ...budgets);
  return (
    <div role="figure" className="slo-chart-plot" aria-label={`Error budget remaining, ${points.length} points`} data-testid="slo-budget-chart" data-points={budgets.length}>
      <ResponsiveContainer width="100%" height={180}>
        <AreaChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="slo-budget-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={LINE} stopOpacity={0.22} />
              <stop offset="100%" stopColor={LINE} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid stroke="#e4e7ec" strokeDasharray="3 3" vertical={false} />
          <TimeAxis domain={domain} />
          <YAxis domain={[Math.floor(low / 10) * 10, Math.ceil(high / 10) * 10]} tickFormatter={(value: number) => `${value}%`} {...AXIS} width={44} />
          <ReferenceLine y={0} stroke={LIMIT} strokeDasharray="4 3" label={{ value: "exhausted", position: "insideBottomRight", fontSize: 10, fill: LIMIT }} />
          <Tooltip content={<PointTooltip bucketMinutes={history.bucketMinutes} />} />
          <Area type="linear" dataKey="budget" stroke={LINE} strokeWidth={1.75} fill="url(#slo-budget-fill)" connectNulls={false} isAnimationActive={false} dot={false} activeDot={{ r: 3 }} />
        </AreaChart>
      </ResponsiveContainer>
      <span className="visually-hidden">Error budget remaining over time; below 0 the SLO is breached.</span>
    </div>
  );
}

function SliChart({ points, history, domain }: { points: ChartPoint[]; history: TSloHistory; domain: [number, number] }) {
  const slis = points.flatMap((point) => (point.sli === null ? [] : [point.sli * 100]));
  const objective = history.objective;
  // Zoom to where SLIs live (99.x %), keeping the objective line in view.
  const low = Math.min(objective, ...slis);
  const span = Math.max(100 - low, 0.01);
  const bottom = Math.max(0, low - span * 0.25);
  return (
    <div role="figure" className="slo-chart-plot" aria-label={`SLI against the ${objective}% objective, ${points.length} points`} data-testid="slo-sli-chart">
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={points.map((point) => ({ ...point, sliPercent: point.sli === null ? null : point.sli * 100 }))} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e4e7ec" strokeDasharray="3 3" vertical={false} />
          <TimeAxis domain={domain} />
          <YAxis domain={[bottom, 100]} tickFormatter={(value: number) => `${Number(value.toFixed(3))}%`} {...AXIS} width={60} />
          <ReferenceLine y={objective} stroke={LIMIT} strokeDasharray="4 3" label={{ value: `objective ${objective}%`, position: "insideBottomRight", fontSize: 10, fill: LIMIT }} />
          <Tooltip content={<PointTooltip bucketMinutes={history.bucketMinutes} />} />
          <Line type="linear" dataKey="sliPercent" stroke={LINE} strokeWidth={1.75} connectNulls={false} isAnimationActive={false} dot={false} activeDot={{ r: 3 }} />
        </LineChart>
      </ResponsiveContainer>
      <span className="visually-hidden">Share of good requests over the SLO window, against the objective.</span>
    </div>
  );
}

/** One small chart per burn-rate alert: both windows' burn rates and the threshold they must both cross. */
function BurnRateCharts({ points, history, domain }: { points: ChartPoint[]; history: TSloHistory; domain: [number, number] }) {
  if (history.alerts.length === 0) return <p className="slo-chart-empty">This SLO has no burn-rate alerts to chart.</p>;
  return (
    <div className="slo-burn-charts" data-testid="slo-burn-charts">
      {history.alerts.map((alert) => (
        <AlertBurnChart key={`${alert.longWindow}-${alert.shortWindow}`} alert={alert} points={points} domain={domain} bucketMinutes={history.bucketMinutes} />
      ))}
    </div>
  );
}

function AlertBurnChart({ alert, points, domain, bucketMinutes }: { alert: TSloHistoryAlert; points: ChartPoint[]; domain: [number, number]; bucketMinutes: number }) {
  const data = points.map((point) => ({ ...point, long: point.burnRates[alert.longWindow] ?? null, short: point.burnRates[alert.shortWindow] ?? null }));
  const highest = Math.max(alert.threshold * 1.5, ...data.flatMap((point) => [point.long ?? 0, point.short ?? 0]));
  const title = `${alert.severity} · ${WINDOW_LABELS[alert.longWindow] ?? alert.longWindow} & ${WINDOW_LABELS[alert.shortWindow] ?? alert.shortWindow} above ${alert.threshold}x`;
  return (
    <div role="figure" className="slo-burn-chart" aria-label={`Burn rate, ${title}`}>
      <div className="slo-burn-chart-title">
        <span className={`badge ${alert.severity === "page" ? "slo-badge-page" : "slo-badge-ticket"}`}>{alert.severity}</span> {WINDOW_LABELS[alert.longWindow] ?? alert.longWindow}{" "}
        <span className="muted">&amp; {WINDOW_LABELS[alert.shortWindow] ?? alert.shortWindow}</span> <span className="muted">· fires above {alert.threshold}x on both</span>
      </div>
      <ResponsiveContainer width="100%" height={90}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e4e7ec" strokeDasharray="3 3" vertical={false} />
          <TimeAxis domain={domain} />
          <YAxis domain={[0, Math.ceil(highest)]} tickFormatter={(value: number) => `${value}x`} {...AXIS} width={44} />
          <ReferenceLine y={alert.threshold} stroke={LIMIT} strokeDasharray="4 3" />
          <Tooltip content={<BurnTooltip alert={alert} bucketMinutes={bucketMinutes} />} />
          <Line type="linear" dataKey="short" stroke={SHORT_LINE} strokeWidth={1} connectNulls={false} isAnimationActive={false} dot={false} />
          <Line type="linear" dataKey="long" stroke={LINE} strokeWidth={1.75} connectNulls={false} isAnimationActive={false} dot={false} activeDot={{ r: 3 }} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function TimeAxis({ domain }: { domain: [number, number] }): ReactElement {
  const spanMs = domain[1] - domain[0];
  return <XAxis dataKey="t" type="number" scale="time" domain={domain} tickFormatter={(t: number) => formatTick(t, spanMs)} {...AXIS} minTickGap={28} />;
}

function TooltipTime({ point, bucketMinutes }: { point: ChartPoint; bucketMinutes: number }) {
  const when = new Date(point.t).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="slo-tooltip-time">
      {when}
      {point.isCurrent ? (
        <span className="muted"> · now, as on the card</span>
      ) : bucketMinutes > 1 ? (
        <span className="muted"> · worst of {bucketMinutes >= 60 ? "the hour" : `${bucketMinutes} min`}</span>
      ) : null}
    </div>
  );
}

function PointTooltip({ active, payload, bucketMinutes }: { active?: boolean; payload?: readonly { payload?: ChartPoint }[]; bucketMinutes: number }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point || point.status === null) return null;
  const presentation = presentSloStatus(point.status);
  return (
    <div className="slo-tooltip">
      <TooltipTime point={point} bucketMinutes={bucketMinutes} />
      <div>
        <span className={`badge badge-${point.status}`}>{presentation.label}</span>
        {/* A folded bucket can hold an unjudged minute and measured ones: say so rather than show "No data" beside a budget. */}
        {point.status === "no_data" && point.budget !== null ? <span className="muted"> for part of this time; lowest measured values:</span> : null}
      </div>
      <dl>
        <dt>Budget left</dt>
        <dd>{point.budget === null ? "—" : formatBudget(point.budget / 100)}</dd>
        <dt>SLI</dt>
        <dd>{formatSli(point.sli)}</dd>
        <dt>Burn 1 h</dt>
        <dd>{formatBurn(point.burnRates["1h"] ?? null)}</dd>
      </dl>
    </div>
  );
}

function BurnTooltip({ active, payload, alert, bucketMinutes }: { active?: boolean; payload?: readonly { payload?: ChartPoint }[]; alert: TSloHistoryAlert; bucketMinutes: number }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  const long = point.burnRates[alert.longWindow] ?? null;
  const short = point.burnRates[alert.shortWindow] ?? null;
  const isFiring = long !== null && short !== null && long > alert.threshold && short > alert.threshold;
  return (
    <div className="slo-tooltip">
      <TooltipTime point={point} bucketMinutes={bucketMinutes} />
      <dl>
        <dt>{WINDOW_LABELS[alert.longWindow] ?? alert.longWindow}</dt>
        <dd>{formatBurn(long)}</dd>
        <dt>{WINDOW_LABELS[alert.shortWindow] ?? alert.shortWindow}</dt>
        <dd>{formatBurn(short)}</dd>
        <dt>Alert</dt>
        <dd>{isFiring ? "firing" : `below ${alert.threshold}x`}</dd>
      </dl>
    </div>
  );
}

/** Chart points in percent, with an empty point wherever snapshots are missing for more than two buckets, ending with the card's values. */
function withGaps(history: TSloHistory): ChartPoint[] {
  const bucketMs = history.bucketMinutes * 60_000;
  const points: ChartPoint[] = [];
  let previous: number | null = null;
  const toPoint = (point: TSloHistoryPoint, isCurrent: boolean): ChartPoint => ({
    t: Date.parse(point.at),
    budget: point.budgetRemaining === null ? null : Number((point.budgetRemaining * 100).toFixed(3)),
    status: point.status,
    sli: point.sli,
    burnRates: point.burnRates ?? { "1h": point.burnRate1h },
    isCurrent,
  });
  for (const point of history.points) {
    const t = Date.parse(point.at);
    if (previous !== null && t - previous > 2 * bucketMs) {
      points.push({ t: previous + bucketMs, budget: null, status: null, sli: null, burnRates: {}, isCurrent: false });
    }
    points.push(toPoint(point, false));
    previous = t;
  }
  const current = history.current;
  if (current !== null && (previous === null || Date.parse(current.at) > previous) && Date.parse(current.at) >= Date.parse(history.from)) {
    points.push(toPoint(current, true));
  }
  return points;
}

function formatTick(t: number, spanMs: number): string {
  const date = new Date(t);
  if (spanMs > 3 * 24 * 3_600_000) return date.toLocaleDateString("en-GB", { day: "numeric", month: "short" });
  return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}
