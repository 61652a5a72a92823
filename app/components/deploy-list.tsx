"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useOptimistic, useRef, useTransition } from "react";
import { DEPLOY_REQUEST_STATUSES } from "@/domain/gate/deploy-status.ts";
import type { TTeamOption } from "@/server/catalog/catalog.schemas.ts";
import type { TDeployRequestSummary } from "@/server/gate/gate.schemas.ts";
import { ApprovalChip, DeployStatusBadge } from "./deploy-status-badge.tsx";
import { formatUntil, shortCommit } from "./deploy-format.ts";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { formatDateTime, formatRelativeTime } from "./format.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { TeamFilterSelect } from "./team-filter-select.tsx";

// Pending requests wait on people; a few seconds of delay is what they notice.
const REFRESH_MS = 5_000;
const SEARCH_DEBOUNCE_MS = 300;

export interface TDeployListFilter {
  /** An exact service slug (links from elsewhere). */
  service?: string;
  /** What was typed in the search box: fuzzy over service names and slugs. */
  q?: string;
  team?: string;
  status?: (typeof DEPLOY_REQUEST_STATUSES)[number];
  /** Only the pending requests the signed-in person may decide. */
  for?: "me";
}

function toSearch(filter: TDeployListFilter): string {
  const params = new URLSearchParams();
  if (filter.service) params.set("service", filter.service);
  if (filter.q) params.set("q", filter.q);
  if (filter.team) params.set("team", filter.team);
  if (filter.status) params.set("status", filter.status);
  if (filter.for) params.set("for", filter.for);
  return params.toString();
}

/**
 * /deploys: every deploy request, newest first, filtered by service, team (owner or asked)
 * and status. The URL is the state: each change is a new history entry, so Back undoes a
 * filter (and restores it after visiting a request); react-query keeps the list live.
 */
export function DeployList({
  filter,
  initialRequests,
  renderedAt,
  teams,
}: {
  filter: TDeployListFilter;
  initialRequests: TDeployRequestSummary[];
  renderedAt: number;
  teams: TTeamOption[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [isPending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(filter);
  const search = toSearch(filter);
  const requests = useQuery({
    queryKey: ["deploy-requests", search],
    queryFn: ({ signal }) =>
      fetchJson<{ deployRequests: TDeployRequestSummary[] }>(`/api/v1/deploy-requests${search ? `?${search}` : ""}`, signal).then((body) => body.deployRequests),
    initialData: initialRequests,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
  });

  const navigate = (patch: Partial<TDeployListFilter>) => {
    const next = { ...shown, ...patch };
    const nextSearch = toSearch(next);
    startTransition(() => {
      setShown(next);
      router.push(nextSearch ? `${pathname}?${nextSearch}` : pathname, { scroll: false });
    });
  };

  const rows = requests.data;
  const isFiltered = Boolean(filter.service || filter.q || filter.team || filter.status || filter.for);
  return (
    <div className="card">
      <div className="toolbar" role="search">
        <ServiceFilterInput value={shown.q ?? shown.service ?? ""} onChange={(q) => navigate({ q: q || undefined, service: undefined })} />
        <TeamFilterSelect id="deploy-team" teams={teams} value={shown.team} onChange={(team) => navigate({ team })} />
        <div className="field">
          <label htmlFor="deploy-status">Status</label>
          <select
            id="deploy-status"
            className="select"
            value={shown.status ?? ""}
            onChange={(event) => navigate({ status: (event.target.value || undefined) as TDeployListFilter["status"] })}
          >
            <option value="">Any status</option>
            {DEPLOY_REQUEST_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="deploy-for-me">
            <input id="deploy-for-me" type="checkbox" checked={shown.for === "me"} onChange={(event) => navigate({ for: event.target.checked ? "me" : undefined })} /> Waiting for me
          </label>
        </div>
        <div className="toolbar-meta">
          <span aria-live="polite">{isPending ? "Updating…" : `${rows.length} ${rows.length === 1 ? "request" : "requests"}`}</span>
          <LiveIndicator updatedAt={requests.dataUpdatedAt} isFetching={requests.isFetching} error={requests.error} />
        </div>
      </div>
      <div className={isPending ? "is-updating" : undefined}>
        {rows.length > 0 ? (
          <DeployTable requests={rows} />
        ) : isFiltered ? (
          <EmptyState
            title="No deploy requests match these filters"
            action={
              <button type="button" className="button" onClick={() => navigate({ service: undefined, q: undefined, team: undefined, status: undefined, for: undefined })}>
                Clear filters
              </button>
            }
          />
        ) : (
          <EmptyState title="No deploy requests yet">
            CI asks the gate before deploying: create an API token under <Link href="/settings/tokens">Settings → API tokens</Link>, then run{" "}
            <code>plumbline gate --service S --env production --version V</code> in your pipeline (see the README, “Deploy gate in CI”).
          </EmptyState>
        )}
      </div>
    </div>
  );
}

function ServiceFilterInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Show the URL's value when it changes from outside (Clear filters), unless a keystroke is pending.
  useEffect(() => {
    if (inputRef.current && timer.current === null && inputRef.current.value !== value) inputRef.current.value = value;
  }, [value]);
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);
  return (
    <div className="field field-grow">
      <label htmlFor="deploy-service">Service</label>
      <input
        ref={inputRef}
        id="deploy-service"
        className="input"
        type="search"
        placeholder="Name or slug, e.g. paymnts"
        defaultValue={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          const next = event.target.value.trim();
          if (timer.current !== null) clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            timer.current = null;
            onChange(next);
          }, SEARCH_DEBOUNCE_MS);
        }}
      />
    </div>
  );
}

/** The engine's summary starts by naming the deploy, which the row already shows. */
function withoutDeployPrefix(request: TDeployRequestSummary): string {
  const prefix = `${request.service.slug} ${request.version} to ${request.environment}: `;
  return request.summary.startsWith(prefix) ? request.summary.slice(prefix.length) : request.summary;
}

function DeployTable({ requests }: { requests: TDeployRequestSummary[] }) {
  return (
    <div className="table-wrap" role="region" aria-label="Deploy requests" tabIndex={0}>
      <table className="data deploy-table cards-on-phone">
        <caption className="visually-hidden">Deploy requests, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Deploy</th>
            <th scope="col">Status</th>
            <th scope="col">Approvals</th>
            <th scope="col">Requested by</th>
            <th scope="col">Requested</th>
            <th scope="col">Decided / expires</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => (
            <tr key={request.id} data-deploy-request={request.id}>
              <td>
                <Link className="primary" href={`/deploys/${request.id}`}>
                  {request.service.slug} <span className="deploy-version">{request.version}</span> → {request.environment}
                </Link>
                <span className="secondary-line" title={request.summary}>
                  {request.breakGlass ? "Break-glass · " : ""}
                  {shortCommit(request.commit) ? `${shortCommit(request.commit)} · ` : ""}
                  {withoutDeployPrefix(request)}
                </span>
              </td>
              <td data-label="Status" data-key="true">
                <DeployStatusBadge status={request.status} />
              </td>
              <td data-label="Approvals">
                {request.approvals.length > 0 ? (
                  <span className="deploy-approval-chips">
                    {request.approvals.map((approval) => (
                      <ApprovalChip key={approval.team} teamName={approval.teamName} status={approval.status} decidedBy={approval.decidedBy} />
                    ))}
                  </span>
                ) : (
                  <span className="muted">none needed</span>
                )}
              </td>
              <td data-label="Requested by">{request.requestedBy ?? <span className="muted">—</span>}</td>
              <td className="nowrap" data-label="Requested" title={formatDateTime(request.createdAt)}>
                <span suppressHydrationWarning>{formatRelativeTime(request.createdAt)}</span>
              </td>
              <td className="nowrap" data-label="Decided / expires">
                {request.status === "pending" ? (
                  <span suppressHydrationWarning>expires {formatUntil(request.expiresAt)}</span>
                ) : request.decidedAt ? (
                  <span suppressHydrationWarning title={formatDateTime(request.decidedAt)}>
                    {formatRelativeTime(request.decidedAt)}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
