"use client";

import type { TSloAlert, TSloSummary } from "@/server/slo/slo.schemas.ts";
import { formatDateTime, formatRelativeTime } from "./format.ts";
import { SloBurnDownChart } from "./slo-burn-down-chart.tsx";
import { describeSloTarget, formatBudget, formatBurn, formatEvents, formatObjective, formatSli, SLO_KIND_LABELS } from "./slo-format.ts";
import { SloStatusBadge } from "./slo-status-badge.tsx";
import { presentSloStatus } from "@/domain/slo/slo-status-vocabulary.ts";

const WINDOW_LABELS: Record<string, string> = { "5m": "5 min", "30m": "30 min", "1h": "1 h", "2h": "2 h", "6h": "6 h", "1d": "1 day", "3d": "3 days" };

/**
 * One SLO on the service page: objective, SLI, budget (share and requests), burn rates,
 * the four burn-rate alerts, the budget burn-down chart and the latest transitions.
 * `data-testid="slo-card"` and `data-status` let end-to-end tests follow its state.
 */
export function SloCard({
  serviceSlug,
  slo,
  onEdit,
  onDelete,
  isDeleting,
}: {
  serviceSlug: string;
  slo: TSloSummary;
  onEdit?: () => void;
  onDelete?: () => void;
  isDeleting?: boolean;
}) {
  const isEvaluated = slo.evaluatedAt !== null;
  return (
    <article className={`card slo-card slo-card-${slo.status}`} data-testid="slo-card" data-status={slo.status} data-slo={slo.name} aria-labelledby={`slo-${slo.name}-title`}>
      <header className="slo-card-header">
        <div className="slo-card-title">
          <div className="title-row">
            <h3 id={`slo-${slo.name}-title`}>{slo.name}</h3>
            <SloStatusBadge status={slo.status} />
            {slo.isTelemetryStale ? <span className="badge badge-stale">Telemetry stale</span> : null}
          </div>
          <p className="slo-target">
            <span className="slo-kind">{SLO_KIND_LABELS[slo.kind]}</span> · {describeSloTarget(slo)}
          </p>
          <p className="provenance" title={slo.provenance.origin ? `Catalog location: ${slo.provenance.origin}` : undefined}>
            Defined by {slo.provenance.label}
          </p>
        </div>
        {onEdit || onDelete ? (
          <div className="slo-card-actions">
            {onEdit ? (
              <button type="button" className="button slo-button-small" onClick={onEdit}>
                Edit
              </button>
            ) : null}
            {onDelete ? (
              <button type="button" className="button slo-button-small slo-button-danger" onClick={onDelete} disabled={isDeleting}>
                {isDeleting ? "Deleting…" : "Delete"}
              </button>
            ) : null}
          </div>
        ) : null}
      </header>

      <p className={`slo-reason${slo.status === "breached" ? " slo-reason-breached" : slo.status === "at_risk" ? " slo-reason-at_risk" : ""}`}>
        {isEvaluated ? (slo.statusReason ?? "No reason recorded.") : "Not evaluated yet: the SLO worker evaluates every SLO once a minute."}
        {slo.statusSince && isEvaluated ? (
          <span className="slo-since">
            {" "}
            {presentSloStatus(slo.status).word} since{" "}
            <time dateTime={slo.statusSince} title={formatDateTime(slo.statusSince)} suppressHydrationWarning>
              {formatRelativeTime(slo.statusSince)}
            </time>
          </span>
        ) : null}
      </p>

      <dl className="slo-stats">
        <div className="slo-stat">
          <dt>Objective</dt>
          <dd>{formatObjective(slo.objective)}</dd>
          <dd className="slo-stat-hint">{slo.windowDays}-day rolling window</dd>
        </div>
        <div className="slo-stat">
          <dt>Current SLI</dt>
          <dd className={slo.sli !== null && slo.sli * 100 < slo.objective ? "slo-value-bad" : undefined}>{formatSli(slo.sli)}</dd>
          <dd className="slo-stat-hint">
            {slo.windowTotalEvents === null ? "No requests counted" : `${formatEvents(slo.windowBadEvents)} bad of ${formatEvents(slo.windowTotalEvents)} requests`}
          </dd>
        </div>
        <div className="slo-stat">
          <dt>Budget remaining</dt>
          <dd className={slo.budgetRemaining !== null && slo.budgetRemaining <= 0 ? "slo-value-bad" : undefined}>{formatBudget(slo.budgetRemaining)}</dd>
          <dd className="slo-stat-meter">
            <BudgetBar budget={slo.budgetRemaining} />
          </dd>
          <dd className="slo-stat-hint">
            {slo.budgetRemainingEvents === null || slo.allowedBadEvents === null
              ? "Unknown until requests are counted"
              : slo.budgetRemainingEvents >= 0
                ? `${formatEvents(slo.budgetRemainingEvents)} of ${formatEvents(slo.allowedBadEvents)} bad requests left`
                : `${formatEvents(-slo.budgetRemainingEvents)} bad requests over a budget of ${formatEvents(slo.allowedBadEvents)}`}
          </dd>
        </div>
        <div className="slo-stat">
          <dt>Burn rate</dt>
          <dd>
            {formatBurn(slo.burnRates["1h"] ?? null)} <span className="slo-stat-unit">over 1 h</span>
          </dd>
          <dd className="slo-stat-hint">
            5 min {formatBurn(slo.burnRates["5m"] ?? null)} · 6 h {formatBurn(slo.burnRates["6h"] ?? null)} · 3 days {formatBurn(slo.burnRates["3d"] ?? null)}
          </dd>
        </div>
      </dl>

      <div className="slo-card-body">
        <AlertTable alerts={slo.alerts} minRequests={slo.minRequests} />
        <SloBurnDownChart serviceSlug={serviceSlug} sloName={slo.name} windowDays={slo.windowDays} />
      </div>

      <footer className="slo-transitions">
        <h4>Last transitions</h4>
        {slo.recentTransitions.length === 0 ? (
          <p className="muted">No status changes recorded yet.</p>
        ) : (
          <ol>
            {slo.recentTransitions.map((transition) => (
              <li key={`${transition.at}-${transition.to}`}>
                <time dateTime={transition.at} title={formatDateTime(transition.at)} suppressHydrationWarning>
                  {formatRelativeTime(transition.at)}
                </time>
                <span className="slo-transition-change">
                  <SloStatusBadge status={transition.from} /> <span aria-hidden="true">→</span>
                  <span className="visually-hidden">to</span> <SloStatusBadge status={transition.to} />
                </span>
                {transition.budgetRemaining !== null ? <span className="muted slo-transition-budget">budget {formatBudget(transition.budgetRemaining)}</span> : null}
                {transition.reason ? (
                  <span className="slo-transition-reason" title={transition.reason}>
                    {transition.reason}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </footer>
    </article>
  );
}

/** Budget as a bar: full is untouched, empty (red) is exhausted; overspending clamps at empty. */
function BudgetBar({ budget }: { budget: number | null }) {
  if (budget === null) return <span className="slo-budget-bar slo-budget-bar-unknown" aria-hidden="true" />;
  const share = Math.max(0, Math.min(1, budget));
  const tone = budget <= 0 ? "bad" : budget < 0.25 ? "low" : "ok";
  return (
    <span className="slo-budget-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)} aria-label="Error budget remaining">
      <span className={`slo-budget-fill slo-budget-fill-${tone}`} style={{ width: `${share * 100}%` }} />
    </span>
  );
}

function AlertTable({ alerts, minRequests }: { alerts: TSloAlert[]; minRequests: number }) {
  return (
    <div className="slo-alerts">
      <h4>Burn-rate alerts</h4>
      <table className="data slo-alert-table">
        <caption className="visually-hidden">Multiwindow burn-rate alerts (SRE Workbook)</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Windows</th>
            <th scope="col" className="num">
              Threshold
            </th>
            <th scope="col" className="num">
              Burn
            </th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={`${alert.longWindow}-${alert.shortWindow}`} data-firing={alert.firing}>
              <td>
                <span className={`badge ${alert.severity === "page" ? "slo-badge-page" : "slo-badge-ticket"}`}>{alert.severity}</span>
              </td>
              <td className="nowrap">
                {WINDOW_LABELS[alert.longWindow] ?? alert.longWindow} &amp; {WINDOW_LABELS[alert.shortWindow] ?? alert.shortWindow}
              </td>
              <td className="num">{alert.threshold}x</td>
              <td className="num">
                {formatBurn(alert.longBurn)} / {formatBurn(alert.shortBurn)}
              </td>
              <td>
                {alert.firing ? (
                  <span className="badge badge-breached">Firing</span>
                ) : alert.insufficientData ? (
                  <span className="badge badge-no_data" title={`A window has fewer than ${minRequests} requests, so this alert cannot fire`}>
                    Too little traffic
                  </span>
                ) : (
                  <span className="badge badge-healthy">OK</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
