"use client";

import { decisionChannelPhrase } from "@/domain/gate/decision-channel.ts";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { TDeployApprovalDto, TDeployRequestDetail } from "@/server/gate/gate.schemas.ts";
import { DeployApprovalForm, type TDecideAction } from "./deploy-approval-form.tsx";
import { CauseLiveFacts, ClearedHint } from "./deploy-live-facts.tsx";
import { formatBudget, formatBurnRate, formatShare, formatUntil, shortCommit } from "./deploy-format.ts";
import { DeployStatusBadge } from "./deploy-status-badge.tsx";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { formatDateTime, formatRelativeTime, formatRequestRate } from "./format.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { SloStatusBadge } from "./slo-status-badge.tsx";
import type { TSloStatus } from "@/server/catalog/catalog.schemas.ts";

const REFRESH_MS = 4_000;

const CALLOUT: Record<TDeployRequestDetail["status"], string> = {
  pending: "deploy-callout-pending",
  approved: "deploy-callout-approved",
  deployed: "deploy-callout-approved",
  rejected: "deploy-callout-rejected",
  failed: "deploy-callout-rejected",
  expired: "deploy-callout-over",
  cancelled: "deploy-callout-over",
};

const POLICY_SOURCE: Record<string, string> = { default: "built-in defaults", file: "policy file (PLUMBLINE_POLICIES)", ui: "edited on /policies", api: "set through the API" };

const EFFECT_LABEL: Record<TDeployRequestDetail["reasons"][number]["effect"], string> = {
  allow: "ok",
  require_approval: "needs approval",
  deny: "denies",
  notify: "announces",
};

/**
 * /deploys/{id}: the decision and why, approvals asked and given (with the owners' form),
 * what the gate checked and saw, and the request's timeline. Refreshes itself, so an
 * approval given in Slack or by a colleague shows up without a reload.
 */
export function DeployDetailView({
  initialDetail,
  renderedAt,
  decideAction,
  viewerPersonId,
}: {
  initialDetail: TDeployRequestDetail;
  renderedAt: number;
  decideAction: TDecideAction;
  /** The signed-in user's catalog person: the form is offered only to those who may decide. */
  viewerPersonId: string;
}) {
  const detailQuery = useQuery({
    queryKey: ["deploy-request", initialDetail.id],
    queryFn: ({ signal }) => fetchJson<TDeployRequestDetail>(`/api/v1/deploy-requests/${encodeURIComponent(initialDetail.id)}/detail`, signal),
    initialData: initialDetail,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
  });
  const detail = detailQuery.data;
  const title = `${detail.service} ${detail.version} → ${detail.environment}`;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/deploys">Deploys</Link> / <span>{title}</span>
      </nav>
      <div className="page-header">
        <div>
          <div className="title-row">
            <h1>{title}</h1>
            <DeployStatusBadge status={detail.status} />
            {detail.breakGlass ? <span className="badge deploy-status-rejected">break-glass</span> : null}
            {detail.isDemo ? (
              <span className="badge badge-muted" title="Seeded by the demo; its SLO facts were staged for the story">
                demo
              </span>
            ) : null}
          </div>
          <p className="subtitle deploy-meta">
            Requested by <strong>{detail.requestedBy ?? "CI"}</strong>{" "}
            <span suppressHydrationWarning title={formatDateTime(detail.createdAt)}>
              {formatRelativeTime(detail.createdAt)}
            </span>
            {shortCommit(detail.commit) ? (
              <>
                {" "}
                · commit <code title={detail.commit ?? undefined}>{shortCommit(detail.commit)}</code>
              </>
            ) : null}
            {detail.ciUrl ? (
              <>
                {" "}
                ·{" "}
                <a href={detail.ciUrl} target="_blank" rel="noreferrer">
                  CI run ↗
                </a>
              </>
            ) : null}
          </p>
        </div>
        <LiveIndicator updatedAt={detailQuery.dataUpdatedAt} isFetching={detailQuery.isFetching} error={detailQuery.error} />
      </div>

      <div className={`callout deploy-callout ${CALLOUT[detail.status]}`} role="status" aria-live="polite">
        <h2>{headline(detail)}</h2>
        <p>
          <span className="muted">The gate, when CI asked:</span> {detail.summary}
        </p>
        {detail.live && detail.status === "pending" ? (
          <p>
            <span className="muted">On today&apos;s facts it would decide:</span> {detail.live.wouldDecide}
          </p>
        ) : null}
        {detail.breakGlassReason ? <p className="card-text">Break-glass reason: “{detail.breakGlassReason}”</p> : null}
      </div>

      <section className="section" aria-labelledby="approvals-heading">
        <div className="section-header">
          <h2 id="approvals-heading">
            Approvals <span className="count">{detail.approvals.length}</span>
          </h2>
          <span className="muted">Approved when every team asked approves; rejected at the first reject</span>
        </div>
        {detail.approvals.length === 0 ? (
          <div className="card">
            <EmptyState title="No approval needed">
              {detail.status === "rejected" ? "The gate denied this deploy outright; nobody is asked to approve what a rule denies." : "No rule asked anyone to approve this deploy."}
            </EmptyState>
          </div>
        ) : (
          <div className="deploy-approvals">
            {detail.approvals.map((approval) => (
              <ApprovalCard
                key={approval.team}
                approval={approval}
                detail={detail}
                decideAction={decideAction}
                viewerPersonId={viewerPersonId}
                onDecided={() => void detailQuery.refetch()}
              />
            ))}
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="reasons-heading">
        <div className="section-header">
          <h2 id="reasons-heading">Why</h2>
          <span className="muted">
            {detail.policy ? `Policy: ${POLICY_SOURCE[detail.policy.source] ?? detail.policy.source}${detail.policy.updatedAt ? `, saved ${formatDateTime(detail.policy.updatedAt)}` : ""}` : null} ·{" "}
            <Link href="/policies">Policies</Link>
          </span>
        </div>
        <div className="card">
          <ul className="deploy-reasons">
            {detail.reasons.map((reason, index) => (
              <li key={`${reason.rule}-${index}`} className={`deploy-reason deploy-reason-${reason.effect}`}>
                <span className="deploy-reason-rule">
                  <code>{reason.rule}</code> <span className="muted">{EFFECT_LABEL[reason.effect]}</span>
                </span>
                <span>{reason.message}</span>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section className="section" aria-labelledby="checks-heading">
        <div className="section-header">
          <h2 id="checks-heading">What the gate checked</h2>
          <span className="muted">One line per rule of the policy in force at {formatDateTime(detail.createdAt)}</span>
        </div>
        <div className="card table-wrap" role="region" aria-label="What the gate checked" tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Result</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {detail.checks.map((check) => (
                <tr key={check.rule}>
                  <td className="nowrap">
                    <code>{check.rule}</code>
                    <span className="secondary-line">{check.type}</span>
                  </td>
                  <td>
                    <span className={`badge deploy-check-${check.result}`}>{check.result}</span>
                  </td>
                  <td>{check.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {detail.dependents.length > 0 ? (
        <section className="section" aria-labelledby="dependents-heading">
          <div className="section-header">
            <h2 id="dependents-heading">
              Dependents the gate saw <span className="count">{detail.dependents.length}</span>
            </h2>
            <span className="muted">Callers of {detail.service} and their SLOs at decision time</span>
          </div>
          <div className="card table-wrap" role="region" aria-label="Dependents the gate saw" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Owner</th>
                  <th scope="col" className="num">
                    Hops
                  </th>
                  <th scope="col" className="num" title={`Share of ${detail.service}'s inbound traffic on this caller's behalf`}>
                    Traffic share
                  </th>
                  <th scope="col" className="num">
                    Rate
                  </th>
                  <th scope="col">SLO</th>
                  <th scope="col" className="num">
                    Budget left
                  </th>
                  <th scope="col" className="num">
                    Burn 1 h
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.dependents.map((dependent) => (
                  <tr key={dependent.slug}>
                    <td>
                      <Link className="primary" href={`/services/${encodeURIComponent(dependent.slug)}`}>
                        {dependent.slug}
                      </Link>
                      {dependent.via.length > 0 ? <span className="secondary-line">via {dependent.via.join(" → ")}</span> : null}
                    </td>
                    <td>{dependent.ownerTeam ? <Link href={`/teams/${encodeURIComponent(dependent.ownerTeam)}`}>{dependent.ownerTeam}</Link> : <span className="muted">no owner</span>}</td>
                    <td className="num">{dependent.depth}</td>
                    <td className="num">{formatShare(dependent.trafficShare)}</td>
                    <td className="num">{formatRequestRate(dependent.requestRate)}</td>
                    <td className="nowrap">
                      <SloStatusBadge status={(dependent.slo?.status as TSloStatus | undefined) ?? null} />
                      {dependent.slo?.status === "at_risk" && dependent.slo.isOutOfSlo ? <span className="deploy-out-of-slo"> page alert firing</span> : null}
                      {dependent.slo?.stale ? <span className="badge badge-stale">stale</span> : null}
                    </td>
                    <td className="num">{formatBudget(dependent.slo?.budgetRemaining ?? null)}</td>
                    <td className="num">{formatBurnRate(dependent.slo?.burnRate1h ?? null)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <div className="grid grid-2 section">
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading" className="card-title">
            Timeline
          </h2>
          {detail.timeline.length > 0 ? (
            <ol className="deploy-timeline">
              {detail.timeline.map((entry) => (
                <li key={entry.key} className={`deploy-timeline-${entry.type}`}>
                  <time dateTime={entry.occurredAt} suppressHydrationWarning>
                    {formatDateTime(entry.occurredAt)}
                  </time>
                  <span>{entry.title}</span>
                  {entry.services.length > 1 ? <span className="muted">in the history of {entry.services.join(", ")}</span> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="empty-inline">No history recorded yet.</p>
          )}
        </section>
        <section className="card" aria-labelledby="involved-heading">
          <h2 id="involved-heading" className="card-title">
            Services involved
          </h2>
          <ul className="quick-links">
            {detail.involvedServices.map((service) => (
              <li key={service.slug}>
                <Link href={`/services/${encodeURIComponent(service.slug)}`}>
                  <span>{service.name}</span>
                  <span className="hint">{service.slug === detail.service ? "the service being deployed" : "dependent, owners asked"}</span>
                </Link>
              </li>
            ))}
          </ul>
          <p className="empty-inline">
            API: <code>{`GET /api/v1/deploy-requests/${detail.id}`}</code>
          </p>
        </section>
      </div>
    </>
  );
}

function headline(detail: TDeployRequestDetail): string {
  switch (detail.status) {
    case "pending": {
      const waiting = detail.approvals.filter((approval) => approval.status === "pending").map((approval) => approval.teamName);
      return `Waiting for ${waiting.join(", ") || "a decision"} · expires ${formatUntil(detail.expiresAt)}`;
    }
    case "approved":
      return "Approved: CI may deploy";
    case "deployed":
      return "Approved and deployed";
    case "failed":
      return "Approved; CI reported the deploy failed";
    case "rejected":
      return "Rejected: do not deploy";
    case "expired":
      return "Expired: nobody decided in time";
    case "cancelled":
      return "Cancelled by CI";
  }
}

function ApprovalCard({
  approval,
  detail,
  decideAction,
  viewerPersonId,
  onDecided,
}: {
  approval: TDeployApprovalDto;
  detail: TDeployRequestDetail;
  decideAction: TDecideAction;
  viewerPersonId: string;
  onDecided: () => void;
}) {
  const canStillDecide = approval.status === "pending" && detail.status === "pending";
  const live = detail.liveCauses.filter((cause) => cause.team === approval.team);
  return (
    <article className={`card deploy-approval deploy-approval-card-${approval.status}`} aria-label={`Approval from ${approval.teamName}`}>
      <header className="deploy-approval-header">
        <h3>
          <Link href={`/teams/${encodeURIComponent(approval.team)}`}>{approval.teamName}</Link>
        </h3>
        <span className={`deploy-approval-chip deploy-approval-${approval.status}`}>{approval.status === "pending" ? "waiting" : approval.status}</span>
      </header>
      <ul className="deploy-because">
        {approval.because.map((cause, index) => {
          const liveCause = live.find((candidate) => candidate.rule === cause.rule && candidate.serviceSlug === cause.serviceSlug);
          return (
            <li key={`${cause.rule}-${index}`} data-testid="approval-cause">
              {cause.message}{" "}
              <Link href={`/services/${encodeURIComponent(cause.serviceSlug)}`} className="muted">
                ({cause.serviceSlug})
              </Link>
              {liveCause ? <CauseLiveFacts cause={liveCause} /> : null}
            </li>
          );
        })}
      </ul>
      {canStillDecide ? <ClearedHint causes={live} approveWhenCleared={detail.live?.approveWhenCleared ?? null} /> : null}
      {approval.decidedBy || approval.channel === "gate" ? (
        <p className="deploy-decided" data-channel={approval.channel}>
          {approval.status === "approved" ? "Approved" : "Rejected"} by <strong>{approval.decidedBy ?? "the gate"}</strong>
          {approval.decidedBy && decisionChannelPhrase(approval.channel) ? ` ${decisionChannelPhrase(approval.channel)}` : ""}
          {approval.decidedAt ? (
            <span suppressHydrationWarning title={formatDateTime(approval.decidedAt)}>
              {" "}
              {formatRelativeTime(approval.decidedAt)}
            </span>
          ) : null}
          {approval.comment ? <span className="deploy-comment">“{approval.comment}”</span> : null}
        </p>
      ) : null}
      {canStillDecide ? (
        <DeployApprovalForm
          deployRequestId={detail.id}
          team={approval.team}
          teamName={approval.teamName}
          deciders={detail.approvalDeciders[approval.team] ?? []}
          viewerPersonId={viewerPersonId}
          action={decideAction}
          onDecided={onDecided}
        />
      ) : approval.status === "pending" ? (
        <p className="muted">No longer needed: the request is {detail.status}.</p>
      ) : null}
    </article>
  );
}
