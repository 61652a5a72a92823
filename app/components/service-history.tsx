"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import type { TChangeEvent, TServiceEventsPage } from "@/server/history/history.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { formatDayLabel } from "./format-day-label.ts";
import { RelativeTime } from "./relative-time.tsx";

const PAGE_SIZE = 30;
const REFRESH_MS = 15_000;

type Tone = "accent" | "green" | "red" | "amber" | "neutral";

interface EventLook {
  label: string;
  tone: Tone;
  icon: ReactNode;
}

const stroke = { fill: "none", stroke: "currentColor", strokeWidth: 1.8, strokeLinecap: "round", strokeLinejoin: "round" } as const;
const ICONS = {
  plus: <path d="M8 3.5v9M3.5 8h9" {...stroke} />,
  up: <path d="M8 12.5v-9M4.5 7 8 3.5 11.5 7" {...stroke} />,
  scale: <path d="M5 12.5v-9M2.5 6 5 3.5 7.5 6M11 3.5v9M8.5 10l2.5 2.5 2.5-2.5" {...stroke} />,
  check: <path d="m3.5 8.5 3 3 6-7" {...stroke} />,
  cross: <path d="m4.5 4.5 7 7M11.5 4.5l-7 7" {...stroke} />,
  minus: <path d="M3.5 8h9" {...stroke} />,
  target: (
    <>
      <circle cx="8" cy="8" r="5" {...stroke} />
      <circle cx="8" cy="8" r="1.6" fill="currentColor" />
    </>
  ),
  gate: <path d="M3.5 13V5.5L8 3l4.5 2.5V13M6 13V9h4v4" {...stroke} />,
  alert: <path d="M8 3.5v5.5M8 12.2v.3" {...stroke} />,
  dot: <circle cx="8" cy="8" r="2.4" fill="currentColor" />,
};

/** Known event types get their own look; others (from capabilities added later) a neutral one by family. */
const LOOKS: Record<string, EventLook> = {
  workload_created: { label: "Workload created", tone: "accent", icon: ICONS.plus },
  image_changed: { label: "New version", tone: "accent", icon: ICONS.up },
  scaled: { label: "Scaled", tone: "neutral", icon: ICONS.scale },
  rollout_complete: { label: "Rollout complete", tone: "green", icon: ICONS.check },
  rollout_failed: { label: "Rollout failed", tone: "red", icon: ICONS.cross },
  workload_deleted: { label: "Workload deleted", tone: "neutral", icon: ICONS.minus },
  incident_reported: { label: "Incident", tone: "red", icon: ICONS.alert },
  incident_resolved: { label: "Incident resolved", tone: "green", icon: ICONS.check },
  learning_published: { label: "Learning", tone: "accent", icon: ICONS.dot },
};

function lookOf(event: TChangeEvent): EventLook {
  const known = LOOKS[event.type];
  if (known) return known;
  const label = humanize(event.type);
  if (event.type.startsWith("slo")) {
    const to = typeof event.details.to === "string" ? event.details.to : typeof event.details.status === "string" ? event.details.status : null;
    const tone: Tone = to === "healthy" ? "green" : to === "breached" ? "red" : "amber";
    return { label, tone, icon: ICONS.target };
  }
  if (event.type.startsWith("deploy") || event.type.startsWith("approval")) {
    const tone: Tone = /reject|denied|fail|expire/.test(event.type) ? "red" : /approv|succeed|deployed/.test(event.type) ? "green" : "accent";
    return { label, tone, icon: ICONS.gate };
  }
  if (event.type.startsWith("incident")) return { label, tone: "red", icon: ICONS.alert };
  return { label, tone: "neutral", icon: ICONS.dot };
}

const SOURCE_NAMES: Record<string, string> = { kubernetes: "Kubernetes", mesh: "mesh", catalog: "catalog", ui: "Plumbline UI", api: "API", demo: "demo" };

/**
 * The service's history: every kind of change event (Kubernetes rollouts today; SLO
 * transitions, deploy requests and approvals as they are recorded), newest first, older
 * pages on demand, refreshed while the page is open.
 */
export function ServiceHistory({ slug }: { slug: string }) {
  const history = useInfiniteQuery({
    queryKey: ["service-events", slug],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (pageParam) params.set("before", pageParam);
      return fetchJson<TServiceEventsPage>(`/api/v1/services/${encodeURIComponent(slug)}/events?${params.toString()}`, signal);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextBefore,
    refetchInterval: REFRESH_MS,
  });
  const events = history.data?.pages.flatMap((page) => page.events) ?? [];
  // One "now" per render: every heading of this list is relative to the same moment.
  const now = new Date();

  return (
    <section className="section" aria-labelledby="history-heading">
      <div className="section-header">
        <h2 id="history-heading">History of changes</h2>
        <span className="muted">Rollouts, scaling, deploys and SLO changes, newest first</span>
      </div>
      <div className="card">
        {history.data === undefined ? (
          history.error ? (
            <div className="empty-inline" role="alert">
              Could not load the history: {history.error.message}
            </div>
          ) : (
            <HistorySkeleton />
          )
        ) : events.length === 0 ? (
          <EmptyState title="No changes recorded yet">
            Rollouts, image changes and scaling appear here as Kubernetes discovery sees them; SLO status changes and deploy
            requests join them as they happen.
          </EmptyState>
        ) : (
          <>
            <ol className="history-list" aria-label="Changes, newest first">
              {events.map((event, index) => {
                const day = formatDayLabel(event.occurredAt, now);
                const previous = events[index - 1];
                const isNewDay = previous === undefined || formatDayLabel(previous.occurredAt, now) !== day;
                return <HistoryItem key={event.id} event={event} day={isNewDay ? day : null} />;
              })}
            </ol>
            <div className="history-footer">
              {history.hasNextPage ? (
                <button type="button" className="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
                  {history.isFetchingNextPage ? "Loading…" : "Load older changes"}
                </button>
              ) : (
                <span className="muted">
                  {events.length === 1 ? "1 change" : `${events.length} changes`} · the beginning of this service&apos;s recorded history
                </span>
              )}
              {history.error && history.data !== undefined ? (
                <span className="history-error" role="alert">
                  Refresh failed: {history.error.message}
                </span>
              ) : null}
            </div>
          </>
        )}
      </div>
    </section>
  );
}

function HistoryItem({ event, day }: { event: TChangeEvent; day: string | null }) {
  const look = lookOf(event);
  const subject = subjectOf(event.details);
  return (
    <>
      {day ? (
        <li className="history-day" aria-hidden="true">
          {day}
        </li>
      ) : null}
      <li className="history-item" data-event-type={event.type}>
        <span className={`history-icon history-tone-${look.tone}`} aria-hidden="true">
          <svg viewBox="0 0 16 16" width="14" height="14">
            {look.icon}
          </svg>
        </span>
        <div className="history-body">
          <div className="history-title">{typeof event.details.incidentId === "string" ? <Link href={`/incidents/${event.details.incidentId}`}>{event.title}</Link> : event.title}</div>
          <div className="history-meta">
            <span className={`history-type history-tone-${look.tone}`}>{look.label}</span>
            {subject ? <span className="mono">{subject}</span> : null}
            <span>via {SOURCE_NAMES[event.source] ?? event.source}</span>
            {event.actor ? <span>by {event.actor}</span> : null}
          </div>
        </div>
        <span className="history-time">
          <RelativeTime iso={event.occurredAt} />
        </span>
      </li>
    </>
  );
}

/** "Deployment payments/ledger in demo" for Kubernetes events; nothing for types without a workload. */
function subjectOf(details: Record<string, unknown>): string | null {
  const { cluster, namespace, kind, name } = details;
  if (typeof cluster !== "string" || typeof namespace !== "string" || typeof kind !== "string" || typeof name !== "string") return null;
  return `${kind} ${namespace}/${name} · ${cluster}`;
}

const ACRONYMS: Record<string, string> = { slo: "SLO", slos: "SLOs", api: "API", ci: "CI" };

/** "slo_status_changed" → "SLO status changed": a readable label for event types this page has no entry for. */
function humanize(type: string): string {
  const words = type
    .split(/[_.-]+/)
    .filter((word) => word !== "")
    .map((word) => ACRONYMS[word] ?? word);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function HistorySkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading history">
      {[0, 1, 2].map((row) => (
        <div className="skeleton-row" key={row}>
          <span className="skeleton skeleton-text" style={{ width: "4%" }} />
          <span className="skeleton skeleton-text" style={{ width: "50%" }} />
          <span className="skeleton skeleton-text" style={{ width: "10%" }} />
        </div>
      ))}
    </div>
  );
}
